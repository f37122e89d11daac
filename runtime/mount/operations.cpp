// The operations table: squashfuse_ll's handlers, one per request type we serve.
#include "runtime/mount/operations.hpp"

extern "C" {
#include <squashfuse/ll.h>
}

namespace squashrun::runtime {
namespace {

const fuse_lowlevel_ops kOperations = [] {
    fuse_lowlevel_ops ops{};
    ops.lookup = sqfs_ll_op_lookup;
    ops.forget = sqfs_ll_op_forget;
    ops.getattr = sqfs_ll_op_getattr;
    ops.readlink = sqfs_ll_op_readlink;
    ops.open = sqfs_ll_op_open;
    ops.read = sqfs_ll_op_read;
    ops.release = sqfs_ll_op_release;
    ops.opendir = sqfs_ll_op_opendir;
    ops.readdir = sqfs_ll_op_readdir;
    ops.releasedir = sqfs_ll_op_releasedir;
    ops.statfs = stfs_ll_op_statfs;
    ops.getxattr = sqfs_ll_op_getxattr;
    ops.listxattr = sqfs_ll_op_listxattr;
    return ops;
}();

}  // namespace

fuse_session* new_squashfs_session(sqfs_ll* ll) {
    char program[] = "squashrun";
    char* argv[] = {program, nullptr};
    fuse_args args = FUSE_ARGS_INIT(1, argv);
    return fuse_session_new(&args, &kOperations, sizeof kOperations, ll);
}

}  // namespace squashrun::runtime
