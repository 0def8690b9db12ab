// A tiny "app server" as a C++ user would write it: it links the installed
// static agora-token library (through CMake's find_package or pkg-config)
// and, like many servers, its own zlib. It prints an RTM token for the user
// given on the command line; the CLI then verifies it.
//
// Usage: AGORA_APP_ID=... AGORA_APP_CERTIFICATE=... app_server USER
#include <agora_token.hpp>
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

int main(int argc, char **argv) {
  const char *app_id = std::getenv("AGORA_APP_ID");
  const char *cert = std::getenv("AGORA_APP_CERTIFICATE");
  if (argc != 2 || !app_id || !cert) {
    std::cerr << "usage: AGORA_APP_ID=.. AGORA_APP_CERTIFICATE=.. app_server USER\n";
    return 2;
  }
  // The server's own zlib, next to the one inside libagora_token.a.
  const char text[] = "the server compresses its own data with its own zlib";
  unsigned char packed[256], unpacked[256];
  uLongf plen = sizeof packed, ulen = sizeof unpacked;
  if (compress(packed, &plen, reinterpret_cast<const Bytef *>(text), sizeof text) != Z_OK ||
      uncompress(unpacked, &ulen, packed, plen) != Z_OK || ulen != sizeof text ||
      std::memcmp(unpacked, text, sizeof text) != 0) {
    std::cerr << "own zlib round trip failed\n";
    return 1;
  }
  if (std::strcmp(zlibVersion(), ZLIB_VERSION) != 0) {
    std::cerr << "zlib header " << ZLIB_VERSION << " but library " << zlibVersion() << "\n";
    return 1;
  }
  try {
    std::string token = agora_token::rtm_build(app_id, cert, argv[1], 3600);
    std::cerr << "agora-token " << agora_token::version() << ", zlib " << zlibVersion() << "\n";
    std::cout << token << "\n";
  } catch (const agora_token::error &e) {
    std::cerr << "token: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
