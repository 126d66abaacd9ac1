# SPDX-License-Identifier: MIT
# What `cmake --install` puts where (README "Installing"): the command, both libraries, the
# public headers, a CMake package and a pkg-config file for consumers, the man page and bash
# completion when the docs target built them, and the shipped models, scenarios and data.
# Included from the top-level CMakeLists.txt after solver/ defined the targets.
include(CMakePackageConfigHelpers)

set(FPT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/footprint)
set(FPT_INSTALL_PKGDATADIR ${CMAKE_INSTALL_DATADIR}/footprint)

install(TARGETS footprint RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS fpt fpt_shared EXPORT footprintTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The public headers and only those: nothing in them includes an internal, GLPK, libxml2 or
# Jansson header (tests/install/install_test.sh checks).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/solver/include/footprint
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")

# The CMake package: footprint::footprint (shared) and footprint::footprint_static, whose
# link-only dependencies the config file finds again (FindGLPK.cmake travels with it).
install(EXPORT footprintTargets NAMESPACE footprint:: DESTINATION ${FPT_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/footprintConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/footprintConfig.cmake
                              INSTALL_DESTINATION ${FPT_INSTALL_CMAKEDIR}
                              PATH_VARS FPT_INSTALL_PKGDATADIR)
# 0.x: a new minor version may break the API, as the soname says (solver/CMakeLists.txt).
if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(_fpt_compat SameMinorVersion)
else()
    set(_fpt_compat SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/footprintConfigVersion.cmake
                                 COMPATIBILITY ${_fpt_compat})
install(FILES ${PROJECT_BINARY_DIR}/footprintConfig.cmake
              ${PROJECT_BINARY_DIR}/footprintConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FindGLPK.cmake
        DESTINATION ${FPT_INSTALL_CMAKEDIR})

# pkg-config: paths relative to the .pc file, so `--prefix` at install time still holds.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(FPT_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
    file(RELATIVE_PATH _fpt_up /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
    string(REGEX REPLACE "/$" "" _fpt_up "${_fpt_up}")
    set(FPT_PC_PREFIX "\${pcfiledir}/${_fpt_up}")
endif()
foreach(dir LIBDIR INCLUDEDIR DATADIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
        set(FPT_PC_${dir} "${CMAKE_INSTALL_${dir}}")
    else()
        set(FPT_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
    endif()
endforeach()
string(REPLACE ";" " " FPT_PC_OPENMP "${OpenMP_C_FLAGS}")
if(FPT_MPI)
    set(FPT_PC_REQUIRES_MPI " ompi-c")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/footprint.pc.in ${PROJECT_BINARY_DIR}/footprint.pc
               @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/footprint.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The man page and completion, written from the options table by the footprint-docs target.
install(FILES ${PROJECT_BINARY_DIR}/footprint.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_BINARY_DIR}/completion/footprint
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# The shipped inputs, in their layout (a scenario's ../data/ccg2013.csv still resolves):
# files of the kinds the project ships (the install test holds the list against git's).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models ${PROJECT_SOURCE_DIR}/scenarios
                  ${PROJECT_SOURCE_DIR}/data
        DESTINATION ${FPT_INSTALL_PKGDATADIR}
        FILES_MATCHING PATTERN "*.xml" PATTERN "*.xsd" PATTERN "*.csv" PATTERN "README*"
                       PATTERN "SOURCES*")
