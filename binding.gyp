# The hub's native helper (native/): sendfile(2) for large downloads and a SHA-256 whose state can
# be saved (resumed downloads). Linux only; built
# by `npm ci` (the "install" script). Where it is missing the hub copies through memory instead.
{
  "conditions": [
    ["OS=='linux'", {
      "targets": [
        {
          "target_name": "hubkeeper_native",
          "sources": ["native/module.c", "native/sendfile.c", "native/sha256-state.c"],
          "defines": ["OPENSSL_API_COMPAT=0x10100000L"],
          "cflags": ["-O2", "-Wall", "-Wextra"]
        }
      ]
    }]
  ]
}
