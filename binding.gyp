# The hub's native helper (native/sendfile.c): sendfile(2) for large downloads. Linux only; built
# by `npm ci` (the "install" script). Where it is missing the hub copies through memory instead.
{
  "conditions": [
    ["OS=='linux'", {
      "targets": [
        {
          "target_name": "hubkeeper_native",
          "sources": ["native/sendfile.c"],
          "cflags": ["-O2", "-Wall", "-Wextra"]
        }
      ]
    }]
  ]
}
