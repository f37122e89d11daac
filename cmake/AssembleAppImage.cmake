# cmake -DRUNTIME=... -DAPPDIR=... -DOUTPUT=... -P AssembleAppImage.cmake
# Until mkappimage exists: a reproducible zstd squashfs of APPDIR appended to RUNTIME.
find_program(MKSQUASHFS mksquashfs REQUIRED)
set(payload ${OUTPUT}.sqfs)
execute_process(
  COMMAND ${MKSQUASHFS} ${APPDIR} ${payload} -comp zstd -b 128K -noappend -all-root
          -mkfs-time 0 -all-time 0 -quiet -no-progress
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND cat ${RUNTIME} ${payload} OUTPUT_FILE ${OUTPUT} COMMAND_ERROR_IS_FATAL ANY)
file(REMOVE ${payload})
file(CHMOD ${OUTPUT} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
     WORLD_READ WORLD_EXECUTE)
