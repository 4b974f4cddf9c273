# The ABI description: compiles and runs sut/abi/abi_probe.c at configure time
# against the <linux/kho/abi/iommu.h> being built (LU_SUT_KERNEL_INCLUDES when
# set: a kernel tree's include dir, then sut/include; else the port's), writes
# ${CMAKE_BINARY_DIR}/generated/lu/abi_probe.h and provides it as the INTERFACE
# target lu_abi. The model matches it against its table (model/abi.h).
include_guard(GLOBAL)

set(_lu_abi_probe_src ${PROJECT_SOURCE_DIR}/sut/abi/abi_probe.c)
set(_lu_abi_gen_dir ${CMAKE_BINARY_DIR}/generated)
set(_lu_abi_header_out ${_lu_abi_gen_dir}/lu/abi_probe.h)
set(_lu_abi_port_includes ${PROJECT_SOURCE_DIR}/sut/include)

if(DEFINED LU_SUT_KERNEL_INCLUDES)
  set(_lu_abi_includes ${LU_SUT_KERNEL_INCLUDES})
else()
  set(_lu_abi_includes ${_lu_abi_port_includes})
endif()

# The header the probe will see: the first include dir that has it.
set(_lu_abi_probed_header "")
foreach(_dir IN LISTS _lu_abi_includes)
  if(EXISTS ${_dir}/linux/kho/abi/iommu.h)
    set(_lu_abi_probed_header ${_dir}/linux/kho/abi/iommu.h)
    break()
  endif()
endforeach()
if(NOT _lu_abi_probed_header)
  string(REPLACE ";" "\n  " _lu_abi_dirs "${_lu_abi_includes}")
  message(FATAL_ERROR
    "lu ABI probe: no linux/kho/abi/iommu.h in the kernel include directories:\n"
    "  ${_lu_abi_dirs}\n"
    "(LU_SUT_KERNEL_INCLUDES, or sut/include when it is not set)")
endif()
if(_lu_abi_probed_header STREQUAL "${_lu_abi_port_includes}/linux/kho/abi/iommu.h")
  set(_lu_abi_from_port 1)
else()
  set(_lu_abi_from_port 0)
endif()

try_run(_lu_abi_run_result _lu_abi_compiled
  SOURCES ${_lu_abi_probe_src}
  CMAKE_FLAGS "-DINCLUDE_DIRECTORIES=${_lu_abi_includes}"
  C_STANDARD 11
  C_STANDARD_REQUIRED ON
  C_EXTENSIONS ON
  NO_CACHE
  COMPILE_OUTPUT_VARIABLE _lu_abi_compile_out
  RUN_OUTPUT_STDOUT_VARIABLE _lu_abi_stdout
  RUN_OUTPUT_STDERR_VARIABLE _lu_abi_stderr)

if(NOT _lu_abi_compiled)
  message(FATAL_ERROR
    "lu ABI probe: sut/abi/abi_probe.c does not compile against\n"
    "  ${_lu_abi_probed_header}\n"
    "include directories: ${_lu_abi_includes}\n"
    "Compiler output:\n${_lu_abi_compile_out}")
endif()
if(NOT _lu_abi_run_result STREQUAL "0")
  message(FATAL_ERROR
    "lu ABI probe: the probe built from sut/abi/abi_probe.c against\n"
    "  ${_lu_abi_probed_header}\n"
    "failed to run (exit status: ${_lu_abi_run_result}).\n"
    "Its output:\n${_lu_abi_stdout}${_lu_abi_stderr}")
endif()

# "KEY value" lines, the last one "END 1"; each becomes #define LU_ABI_KEY value.
string(REGEX MATCHALL "[^\n]+" _lu_abi_lines "${_lu_abi_stdout}")
set(_lu_abi_defines "")
set(_lu_abi_end FALSE)
foreach(_line IN LISTS _lu_abi_lines)
  if(NOT _line MATCHES "^([A-Z][A-Z0-9_]*) (.+)$")
    message(FATAL_ERROR "lu ABI probe: unexpected output line: '${_line}'\n"
      "Whole output:\n${_lu_abi_stdout}")
  endif()
  if(CMAKE_MATCH_1 STREQUAL "END")
    set(_lu_abi_end TRUE)
    break()
  endif()
  set(_lu_abi_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
  string(APPEND _lu_abi_defines "#define LU_ABI_${CMAKE_MATCH_1} ${CMAKE_MATCH_2}\n")
endforeach()
if(NOT _lu_abi_end)
  message(FATAL_ERROR "lu ABI probe: the output stops before its END line:\n${_lu_abi_stdout}")
endif()

string(REGEX REPLACE "([\\\\\"])" "\\\\\\1" _lu_abi_header_lit "${_lu_abi_probed_header}")
# Rewritten only when it changes, so a reconfigure rebuilds nothing needlessly.
file(CONFIGURE OUTPUT ${_lu_abi_header_out} @ONLY CONTENT
"/*
 * Generated at configure time by cmake/abi_probe.cmake from the output of
 * sut/abi/abi_probe.c; do not edit. The IOMMU live-update ABI of the headers
 * being built, for model/abi.cc to match against its table of revisions.
 */
#ifndef LU_ABI_PROBE_H
#define LU_ABI_PROBE_H

/* The probed header, and whether it is the port's own (sut/include). */
#define LU_ABI_HEADER \"${_lu_abi_header_lit}\"
#define LU_ABI_FROM_PORT ${_lu_abi_from_port}

${_lu_abi_defines}
#endif /* LU_ABI_PROBE_H */
")

# Editing the probe or the probed header reconfigures.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${_lu_abi_probe_src} ${_lu_abi_probed_header})

message(STATUS "lu ABI probe: ${_lu_abi_probed_header}: header ${_lu_abi_HEADER_SIZE} B, "
  "records ${_lu_abi_DOMAIN_SIZE}/${_lu_abi_DEVICE_SIZE}/${_lu_abi_HW_SIZE} B "
  "(domain/device/hw), FLB data ${_lu_abi_FLB_SIZE} B, compatible ${_lu_abi_COMPATIBLE}")

add_library(lu_abi INTERFACE)
target_include_directories(lu_abi INTERFACE ${_lu_abi_gen_dir})
