#!/bin/bash -eu
# ClusterFuzzLite's build script ($SRC/build.sh in the image, see Dockerfile):
# the OSS-Fuzz variables ($CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE $OUT
# $WORK) go to fuzz/build.sh, which writes fuzz_ops and fuzz_lu_parser, their
# seed corpora, dictionaries and options to $OUT.
src=${LU_CHECK_SRC:-$SRC/lu-check}
# The builder's C++ flags pick libc++, but Ubuntu's static Boost.Context is
# built against libstdc++ (its stack_traits uses std::call_once): the
# fuzzers use libstdc++ like Boost does. MSan, which needs every library
# built with libc++, is therefore not supported.
CXXFLAGS=$(printf '%s\n' "${CXXFLAGS:-}" | sed -e 's/-stdlib=libc++//g' \
    -e 's|-I[^ ]*/include/c++/v1||g')
export CXXFLAGS
exec "$src/fuzz/build.sh"
