// In-memory ELF construction for tests: a null section, the given ones, then .shstrtab.
#include "elf_builder.hpp"

namespace squashrun::test {

void store_le(std::vector<std::byte>& bytes, size_t at, uint64_t value, size_t width) {
    for (size_t i = 0; i < width; ++i)
        bytes.at(at + i) = std::byte((value >> (8 * i)) & 0xff);
}

std::vector<std::byte> build_elf(const std::vector<SectionSpec>& sections, bool is_64bit) {
    const size_t header_size = is_64bit ? 64 : 52;
    const size_t entry_size = is_64bit ? 64 : 40;
    const size_t word = is_64bit ? 8 : 4;
    std::vector<std::byte> out(header_size);
    out[0] = std::byte{0x7f};
    out[1] = std::byte{'E'};
    out[2] = std::byte{'L'};
    out[3] = std::byte{'F'};
    out[4] = std::byte(is_64bit ? 2 : 1);
    out[5] = std::byte{1};
    out[6] = std::byte{1};
    store_le(out, 16, 2, 2);                  // ET_EXEC
    store_le(out, 18, is_64bit ? 62 : 3, 2);  // x86-64 / i386

    std::string names(1, '\0');
    std::vector<uint64_t> name_at, data_at;
    for (const auto& s : sections) {
        name_at.push_back(names.size());
        names += s.name + '\0';
        data_at.push_back(out.size());
        out.insert(out.end(), s.data.begin(), s.data.end());
    }
    uint64_t names_name = names.size();
    names += std::string(".shstrtab") + '\0';
    uint64_t names_at = out.size();
    for (char c : names)
        out.push_back(std::byte(c));

    uint64_t table_at = out.size();
    size_t count = sections.size() + 2;
    out.resize(out.size() + count * entry_size);
    auto put_entry = [&](size_t index, uint64_t name, uint32_t type, uint64_t offset,
                         uint64_t size) {
        size_t e = table_at + index * entry_size;
        store_le(out, e, name, 4);
        store_le(out, e + 4, type, 4);
        store_le(out, e + (is_64bit ? 24 : 16), offset, word);
        store_le(out, e + (is_64bit ? 32 : 20), size, word);
    };
    for (size_t i = 0; i < sections.size(); ++i) {
        put_entry(i + 1, name_at[i], sections[i].type, data_at[i], sections[i].data.size());
    }
    put_entry(count - 1, names_name, 3, names_at, names.size());

    store_le(out, is_64bit ? 40 : 32, table_at, word);  // e_shoff
    store_le(out, is_64bit ? 52 : 40, header_size, 2);  // e_ehsize
    store_le(out, is_64bit ? 58 : 46, entry_size, 2);   // e_shentsize
    store_le(out, is_64bit ? 60 : 48, count, 2);        // e_shnum
    store_le(out, is_64bit ? 62 : 50, count - 1, 2);    // e_shstrndx
    return out;
}

}  // namespace squashrun::test
