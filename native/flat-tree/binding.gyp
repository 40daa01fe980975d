{
  "targets": [
    {
      "target_name": "flat_tree",
      "sources": [
        "src/flat_tree.c",
        "src/tree_sitter_runtime.c"
      ],
      "include_dirs": [
        "<(tree_sitter)/vendor/tree-sitter/lib/include",
        "<(tree_sitter)/vendor/tree-sitter/lib/src"
      ],
      "variables": {
        "tree_sitter": "<!(node -p \"require('path').dirname(require.resolve('tree-sitter/package.json'))\")"
      },
      "cflags_c": ["-std=c11"],
      "xcode_settings": { "GCC_C_LANGUAGE_STANDARD": "c11", "MACOSX_DEPLOYMENT_TARGET": "10.13" }
    }
  ]
}
