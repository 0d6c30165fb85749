# Installation layout and the Debian package (CPack DEB), built by scripts/package:
#   /usr/bin/optiscope, /usr/bin/optiscope-cli
#   /usr/share/applications/optiscope.desktop and the scalable icon (the desktop's menu entry)
#   /usr/share/man/man1/optiscope{,-cli}.1.gz, generated from --help by help2man (OPTISCOPE_MANPAGES)
#   /usr/share/doc/optiscope/{README.md,copyright,examples/,docs/} (docs/: the user guide, which
#   the GUI's Help > Documentation opens)
# Depends is computed by dpkg-shlibdeps from the executables (runtime libraries only).
include(GNUInstallDirs)
# Debian names the folder after the package (lower case), not after the CMake project.
set(OPTISCOPE_DOCDIR ${CMAKE_INSTALL_DATADIR}/doc/optiscope)

install(TARGETS optiscope-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(OPTISCOPE_BUILD_UI)
  install(TARGETS optiscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/optiscope.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/optiscope.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/examples/
        DESTINATION ${OPTISCOPE_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/resources/desktop/copyright
        DESTINATION ${OPTISCOPE_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${OPTISCOPE_DOCDIR}/docs)

# Man pages from the programs' own --help and --version (help2man), gzipped as Debian wants.
option(OPTISCOPE_MANPAGES "Generate man pages with help2man (needs the help2man package)" OFF)
if(OPTISCOPE_MANPAGES)
  find_program(OPTISCOPE_HELP2MAN help2man REQUIRED)
  set(man_pages)
  set(man_programs optiscope-cli)
  set(man_optiscope-cli_name "run Optiscope's model optimization engine from the command line")
  if(OPTISCOPE_BUILD_UI)
    list(APPEND man_programs optiscope)
    set(man_optiscope_name "desktop workbench for model optimization")
  endif()
  # The CLI's page also documents every command (`optiscope-cli help <command>`).
  set(cli_include ${PROJECT_BINARY_DIR}/man/optiscope-cli.h2m)
  add_custom_command(
    OUTPUT ${cli_include}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:optiscope-cli> -DOUT=${cli_include}
            -P ${PROJECT_SOURCE_DIR}/cmake/man_commands.cmake
    DEPENDS optiscope-cli ${PROJECT_SOURCE_DIR}/cmake/man_commands.cmake
    COMMENT "Command sections of the optiscope-cli man page"
    VERBATIM)
  set(man_optiscope-cli_include --include=${cli_include})
  set(man_optiscope-cli_depends ${cli_include})
  foreach(program IN LISTS man_programs)
    set(page ${PROJECT_BINARY_DIR}/man/${program}.1)
    add_custom_command(
      OUTPUT ${page}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
      COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
              ${OPTISCOPE_HELP2MAN} --no-info --no-discard-stderr --section=1
              "--name=${man_${program}_name}" ${man_${program}_include}
              --output=${page} $<TARGET_FILE:${program}>
      COMMAND gzip -9nf ${page}
      DEPENDS ${program} ${man_${program}_depends}
      COMMENT "Man page for ${program}"
      VERBATIM)
    list(APPEND man_pages ${page}.gz)
  endforeach()
  add_custom_target(manpages ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME optiscope)
set(CPACK_PACKAGE_VENDOR "Optiscope developers")
set(CPACK_PACKAGE_CONTACT "Optiscope developers <optiscope@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop workbench for model optimization")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "desktop workbench for model optimization\n Load a dataset, choose a model, loss, regularization and optimizer, and watch\n training, optimizer races, hyperparameter searches, projections and\n quantization or pruning trade-offs live in Qt charts. The same engine runs\n headless from optiscope-cli; studies can be stored in SQLite.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)            # optiscope_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://optiscope.invalid/")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
