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
