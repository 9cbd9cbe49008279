find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Network Sql WebEngineWidgets WebSockets NetworkAuth Test Concurrent DBus)
find_package(Qt6Keychain REQUIRED)
find_package(GTest REQUIRED)
find_package(SQLite3 REQUIRED)

# vmime ships no CMake config, and its pkg-config file adds -I/usr/include/vmime,
# which shadows generic header names (config.hpp, path.hpp). We therefore import
# the library by hand and expose only /usr/include, so code writes <vmime/vmime.hpp>.
find_library(VMIME_LIBRARY NAMES vmime REQUIRED)
find_path(VMIME_INCLUDE_PARENT NAMES vmime/vmime.hpp REQUIRED)
add_library(vmime::vmime UNKNOWN IMPORTED)
set_target_properties(vmime::vmime PROPERTIES
  IMPORTED_LOCATION "${VMIME_LIBRARY}"
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${VMIME_INCLUDE_PARENT}")

# gumbo: an HTML5-conformant parser (the WHATWG tree-construction rules browsers use), so the
# mail sanitizer in core/html sees the same tree Chromium would build from hostile markup.
# It ships a pkg-config file only.
find_package(PkgConfig REQUIRED)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
