// FUSE node ids for squashfs inodes, without a table: the root is FUSE_ROOT_ID (1) and any
// other inode is its inode id (where it lies in the inode table) plus 2. The mapping needs
// no state, so every serving thread agrees on it and nothing grows with lookups.
#pragma once

#include <cstdint>

namespace squashrun::runtime {

constexpr uint64_t kRootNode = 1;

constexpr uint64_t node_of(uint64_t inode_id, uint64_t root_inode_id) {
    return inode_id == root_inode_id ? kRootNode : inode_id + 2;
}

constexpr uint64_t inode_id_of(uint64_t node, uint64_t root_inode_id) {
    return node == kRootNode ? root_inode_id : node - 2;
}

}  // namespace squashrun::runtime
