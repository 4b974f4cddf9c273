# Which implementation of the series lu_sut is built from: the built-in port
# (default) or a kernel tree's own files (-DLU_KERNEL_TREE=PATH). Checks the
# tree, detects its revision (-DLU_KERNEL_REV= overrides), its LUO API
# generation, and writes the SUT's identity to generated/lu/sut_identity.h.
# Sets LU_SUT_KIND (port|tree), LU_SUT_REV, LU_SUT_TREE, LU_SUT_LUO_GEN (A|B)
# and LU_SUT_KERNEL_INCLUDES (the tree's include/ before the shims).

set(LU_KERNEL_TREE "" CACHE PATH "Kernel tree whose drivers/iommu/liveupdate.c is tested (empty: the built-in port)")
set(LU_KERNEL_REV "" CACHE STRING "Revision of the series in LU_KERNEL_TREE (empty: detected)")

set(_lu_series_files
  drivers/iommu/liveupdate.c
  include/linux/kho/abi/iommu.h
  include/linux/iommu-liveupdate.h)

# Revisions an adapter exists for: sut/kernel-tree/<rev>/series.c.
set(_lu_known_revs v2 later)

if(LU_KERNEL_TREE STREQUAL "")
  set(LU_SUT_KIND port)
  set(LU_SUT_REV port)
  set(LU_SUT_TREE "")
  set(LU_SUT_LUO_GEN B)
  set(_lu_id_files
    ${PROJECT_SOURCE_DIR}/sut/drivers/iommu/liveupdate.c
    ${PROJECT_SOURCE_DIR}/sut/drivers/iommu/liveupdate_flb.c
    ${PROJECT_SOURCE_DIR}/sut/drivers/iommu/liveupdate_restore.c
    ${PROJECT_SOURCE_DIR}/sut/include/linux/kho/abi/iommu.h
    ${PROJECT_SOURCE_DIR}/sut/include/linux/iommu-liveupdate.h)
  set(LU_SUT_KERNEL_INCLUDES ${PROJECT_SOURCE_DIR}/sut/include)
else()
  get_filename_component(LU_SUT_TREE "${LU_KERNEL_TREE}" ABSOLUTE BASE_DIR "${CMAKE_BINARY_DIR}")
  if(NOT IS_DIRECTORY "${LU_SUT_TREE}")
    message(FATAL_ERROR "LU_KERNEL_TREE: ${LU_SUT_TREE} is not a directory")
  endif()
  set(_missing "")
  set(_lu_id_files "")
  foreach(f ${_lu_series_files})
    if(NOT EXISTS "${LU_SUT_TREE}/${f}")
      string(APPEND _missing "\n  ${f}")
    endif()
    list(APPEND _lu_id_files "${LU_SUT_TREE}/${f}")
  endforeach()
  if(_missing)
    message(FATAL_ERROR
      "LU_KERNEL_TREE=${LU_SUT_TREE} is not a tree with the IOMMU live-update series: "
      "missing${_missing}\n"
      "A kernel checkout with the series applied, or any folder holding these files "
      "at their kernel paths, will do.")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_lu_id_files})

  file(READ "${LU_SUT_TREE}/drivers/iommu/liveupdate.c" _lu_c)
  file(READ "${LU_SUT_TREE}/include/linux/kho/abi/iommu.h" _lu_abi)
  # What the file defines decides the revision: v2 names its entry points
  # iommu_domain_preserve() and restores domains itself; later revisions
  # renamed it iommu_preserve_domain() and moved restore out.
  set(_rev "")
  set(_why "")
  if(_lu_c MATCHES "\nint iommu_domain_preserve\\(" AND _lu_c MATCHES "iommu_restore_domain\\(")
    if(_lu_abi MATCHES "IOMMU_SER_FLAG_DELETED")
      set(_why "iommu_domain_preserve() with a flags-word header")
    else()
      set(_rev v2)
    endif()
  elseif(_lu_c MATCHES "iommu_preserve_domain\\(")
    set(_rev later)
    set(_why "iommu_preserve_domain() (a revision after v2)")
  else()
    set(_why "neither iommu_domain_preserve() nor iommu_preserve_domain() is defined")
  endif()
  if(LU_KERNEL_REV)
    set(_rev ${LU_KERNEL_REV})
  endif()
  if(NOT _rev)
    message(FATAL_ERROR
      "LU_KERNEL_TREE=${LU_SUT_TREE}: cannot tell the revision of drivers/iommu/liveupdate.c: "
      "${_why}. Known revisions: ${_lu_known_revs}; name one with -DLU_KERNEL_REV=.")
  endif()
  list(FIND _lu_known_revs "${_rev}" _i)
  if(_i LESS 0 OR NOT EXISTS "${PROJECT_SOURCE_DIR}/sut/kernel-tree/${_rev}/series.c")
    message(FATAL_ERROR
      "LU_KERNEL_TREE=${LU_SUT_TREE}: revision '${_rev}' (${_why}) has no adapter: "
      "sut/kernel-tree/${_rev}/series.c is missing. Known revisions: ${_lu_known_revs}. "
      "docs/kernel-tree.md says how to add one.")
  endif()
  set(LU_SUT_KIND tree)
  set(LU_SUT_REV ${_rev})
  # Generation B of LUO takes a reference with get_outgoing and has a put;
  # a file that never puts was written against generation A.
  if(_lu_c MATCHES "liveupdate_flb_put_outgoing")
    set(LU_SUT_LUO_GEN B)
  else()
    set(LU_SUT_LUO_GEN A)
  endif()
  set(LU_SUT_KERNEL_INCLUDES ${LU_SUT_TREE}/include ${PROJECT_SOURCE_DIR}/sut/include)
endif()

# Identity: a hash over the three files, and git describe for a git tree.
set(_lu_cat "")
foreach(f ${_lu_id_files})
  file(SHA256 "${f}" _h)
  string(APPEND _lu_cat "${_h}")
endforeach()
string(SHA256 _lu_hash "${_lu_cat}")
string(SUBSTRING "${_lu_hash}" 0 12 LU_SUT_HASH)
set(LU_SUT_DESCRIBE "")
if(LU_SUT_KIND STREQUAL tree)
  find_package(Git QUIET)
  if(GIT_FOUND)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C "${LU_SUT_TREE}" rev-parse --show-toplevel
      OUTPUT_VARIABLE _top OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc ERROR_QUIET)
    get_filename_component(_tree_real "${LU_SUT_TREE}" REALPATH)
    if(_rc EQUAL 0 AND _top STREQUAL _tree_real)
      execute_process(COMMAND ${GIT_EXECUTABLE} -C "${LU_SUT_TREE}" describe --always --dirty --tags
        OUTPUT_VARIABLE LU_SUT_DESCRIBE OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    endif()
  endif()
endif()

set(LU_SUT_DESCRIBE_MSG "")
if(LU_SUT_DESCRIBE)
  set(LU_SUT_DESCRIBE_MSG ", git ${LU_SUT_DESCRIBE}")
endif()
if(LU_SUT_KIND STREQUAL port)
  set(_name "built-in port")
else()
  set(_name "${LU_SUT_TREE}")
endif()
message(STATUS "lu-check: implementation under test: ${_name} (revision ${LU_SUT_REV}, "
  "LUO generation ${LU_SUT_LUO_GEN}, files ${LU_SUT_HASH}${LU_SUT_DESCRIBE_MSG})")

# Strings go into C through a generated header, escaped for a C literal.
function(_lu_c_string out in)
  string(REPLACE "\\" "\\\\" s "${in}")
  string(REPLACE "\"" "\\\"" s "${s}")
  set(${out} "${s}" PARENT_SCOPE)
endfunction()
_lu_c_string(_c_tree "${LU_SUT_TREE}")
_lu_c_string(_c_desc "${LU_SUT_DESCRIBE}")
if(LU_SUT_LUO_GEN STREQUAL A)
  set(_gen_a 1)
else()
  set(_gen_a 0)
endif()
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/generated/lu/sut_identity.h CONTENT
"/* Generated by cmake/kernel_tree.cmake: which implementation lu_sut was built from. */
#ifndef LU_SUT_IDENTITY_H
#define LU_SUT_IDENTITY_H
#define LU_SUT_KIND \"${LU_SUT_KIND}\"
#define LU_SUT_TREE \"${_c_tree}\"
#define LU_SUT_REV \"${LU_SUT_REV}\"
#define LU_SUT_DESCRIBE \"${_c_desc}\"
#define LU_SUT_HASH \"${LU_SUT_HASH}\"
#define LU_SUT_LUO_GEN_A ${_gen_a}
#endif
" @ONLY)
