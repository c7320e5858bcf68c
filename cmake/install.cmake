# install.cmake - what `cmake --install` puts where (docs/install.md):
# libwold static and shared, wold.h, the wold command, wold.pc, the CMake
# package wold::wold, the man pages and the bash completion, and the
# Debian package of `cpack -G DEB`.  Included at the end of CMakeLists.txt,
# after every option has added its libraries.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# --- the man pages and the bash completion, from the built command's --help
# Both are rebuilt whenever the command is; the list of pages follows the
# commands of `wold --help`, so the output is a directory.
set(WOLD_MAN_DIR ${PROJECT_BINARY_DIR}/man)
set(WOLD_COMPLETION ${PROJECT_BINARY_DIR}/completion/wold)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man.stamp
  COMMAND sh ${PROJECT_SOURCE_DIR}/tools/man.sh $<TARGET_FILE:wold> ${WOLD_MAN_DIR}
  COMMAND ${CMAKE_COMMAND} -E touch ${PROJECT_BINARY_DIR}/man.stamp
  DEPENDS wold ${PROJECT_SOURCE_DIR}/tools/man.sh
          ${PROJECT_SOURCE_DIR}/tools/help.awk ${PROJECT_SOURCE_DIR}/tools/man.awk
  COMMENT "Man pages from wold --help" VERBATIM)
add_custom_command(OUTPUT ${WOLD_COMPLETION}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/completion
  COMMAND sh ${PROJECT_SOURCE_DIR}/tools/completion.sh $<TARGET_FILE:wold>
          ${WOLD_COMPLETION}
  DEPENDS wold ${PROJECT_SOURCE_DIR}/tools/completion.sh
          ${PROJECT_SOURCE_DIR}/tools/help.awk
          ${PROJECT_SOURCE_DIR}/tools/completion.awk
          ${PROJECT_SOURCE_DIR}/tools/completion.bash
  COMMENT "Bash completion from wold --help" VERBATIM)
add_custom_target(wold_man_completion ALL
                  DEPENDS ${PROJECT_BINARY_DIR}/man.stamp ${WOLD_COMPLETION})

# --- the libraries' interface once installed
# The build links the dependencies by their full paths (pkg-config's
# *_LINK_LIBRARIES); an installed wold::wold_static names them (-lgsl) so
# that the package does not hold this machine's paths, and the
# Threads::Threads it names is found again by woldConfig.cmake.
function(wold_install_interface target)
  get_target_property(libs ${target} INTERFACE_LINK_LIBRARIES)
  if(NOT libs)
    set(libs)
  endif()
  set(out)
  foreach(lib IN LISTS libs)
    if(lib MATCHES "^/.*/lib([^/]+)\\.(so|a)(\\.[0-9.]+)?$")
      list(APPEND out "$<BUILD_INTERFACE:${lib}>"
                      "$<INSTALL_INTERFACE:${CMAKE_MATCH_1}>")
    elseif(TARGET ${lib} AND NOT lib STREQUAL "Threads::Threads")
      # An imported target of a later option (PkgConfig::X): its libraries.
      get_target_property(sub ${lib} INTERFACE_LINK_LIBRARIES)
      if(NOT sub)
        set(sub)
      endif()
      list(APPEND out "$<BUILD_INTERFACE:${lib}>")
      foreach(s IN LISTS sub)
        if(s MATCHES "^/.*/lib([^/]+)\\.(so|a)(\\.[0-9.]+)?$")
          list(APPEND out "$<INSTALL_INTERFACE:${CMAKE_MATCH_1}>")
        elseif(s)
          list(APPEND out "$<INSTALL_INTERFACE:${s}>")
        endif()
      endforeach()
    else()
      list(APPEND out "${lib}")
    endif()
  endforeach()
  set_property(TARGET ${target} PROPERTY INTERFACE_LINK_LIBRARIES "${out}")
  set_property(TARGET ${target} PROPERTY INTERFACE_INCLUDE_DIRECTORIES
               "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>"
               "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
endfunction()
wold_install_interface(wold_static)
wold_install_interface(wold_shared)

install(TARGETS wold RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS wold_static wold_shared EXPORT woldTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/wold/wold.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wold)
install(DIRECTORY ${WOLD_MAN_DIR}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        FILES_MATCHING PATTERN "*.1")
install(FILES ${WOLD_COMPLETION}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# --- the CMake package: find_package(wold) gives wold::wold
set(WOLD_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wold)
install(EXPORT woldTargets NAMESPACE wold:: DESTINATION ${WOLD_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/woldConfig.cmake.in
  ${PROJECT_BINARY_DIR}/woldConfig.cmake INSTALL_DESTINATION ${WOLD_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/woldConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/woldConfig.cmake
        ${PROJECT_BINARY_DIR}/woldConfigVersion.cmake DESTINATION ${WOLD_CMAKE_DIR})

# --- wold.pc
# An option that links a library appends its pkg-config module to
# WOLD_PC_REQUIRES_PRIVATE, or its -l flag to WOLD_PC_LIBS_PRIVATE when the
# library ships no .pc file; the lists are appended to, never set, so an
# option's block may come before this file.  gsl is a -l flag: gsl.pc
# would add the reference CBLAS, which would shadow OpenBLAS's.
list(APPEND WOLD_PC_REQUIRES_PRIVATE openblas json-c lapacke)
list(APPEND WOLD_PC_LIBS_PRIVATE -lgsl)
if(WOLD_ZLIB)
  list(APPEND WOLD_PC_REQUIRES_PRIVATE zlib)
endif()
if(WOLD_ZSTD)
  list(APPEND WOLD_PC_REQUIRES_PRIVATE libzstd)
endif()
if(WOLD_XLSX)
  list(APPEND WOLD_PC_REQUIRES_PRIVATE xlsxwriter)
endif()
if(WOLD_READSTAT)
  list(APPEND WOLD_PC_LIBS_PRIVATE -lreadstat)
endif()
list(APPEND WOLD_PC_LIBS_PRIVATE -pthread -lm)
list(REMOVE_DUPLICATES WOLD_PC_REQUIRES_PRIVATE)
list(REMOVE_DUPLICATES WOLD_PC_LIBS_PRIVATE)
string(REPLACE ";" " " WOLD_PC_REQUIRES "${WOLD_PC_REQUIRES_PRIVATE}")
string(REPLACE ";" " " WOLD_PC_LIBS "${WOLD_PC_LIBS_PRIVATE}")
foreach(dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(WOLD_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(WOLD_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
# The prefix is the one of the install (`cmake --install --prefix P`),
# known only then: wold.pc is written by the install step.
set(WOLD_PC_PREFIX "@WOLD_PC_PREFIX@")
configure_file(${PROJECT_SOURCE_DIR}/cmake/wold.pc.in
               ${PROJECT_BINARY_DIR}/wold.pc.in @ONLY)
# Two installs at once (the tests: a prefix and cpack's staging) each
# write their own copy, in a folder named after their destination.
install(CODE "
  file(READ \"${PROJECT_BINARY_DIR}/wold.pc.in\" pc)
  string(REPLACE \"@WOLD_PC_PREFIX@\" \"\${CMAKE_INSTALL_PREFIX}\" pc \"\${pc}\")
  string(MD5 dest \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
  file(WRITE \"${PROJECT_BINARY_DIR}/pc/\${dest}/wold.pc\" \"\${pc}\")
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig\"
       TYPE FILE FILES \"${PROJECT_BINARY_DIR}/pc/\${dest}/wold.pc\")
  file(REMOVE_RECURSE \"${PROJECT_BINARY_DIR}/pc/\${dest}\")
")

# --- cpack -G DEB (run in the build directory)
set(CPACK_PACKAGE_NAME wold)
set(CPACK_PACKAGE_VENDOR "wold")
set(CPACK_PACKAGE_CONTACT "wold maintainers <wold@localhost>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "PLS path modeling (PLS-PM) for customer satisfaction index models")
set(CPACK_PACKAGE_DESCRIPTION
    "The wold command and the libwold C library (static and shared, with
its header, pkg-config file and CMake package): PLS path modeling,
bootstrap inference, 0-100 satisfaction indices, IPMA and survey
metrics.  Man pages and bash completion included.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# The run-time dependencies, from the binaries' libraries (dpkg-dev's
# dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_GENERATOR DEB)
include(CPack)
