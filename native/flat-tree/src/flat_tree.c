// Parses C++ text with tree-sitter and returns the whole syntax tree as one flat array of numbers.
//
// Copying a tree out of the tree-sitter binding reads every node through a cursor, one N-API call per property:
// on a 10,000-line file that costs more than the parse itself. Here the walk runs in C and JavaScript receives
// four 32-bit words per node in preorder (read by server/src/parser/flat-tree.ts):
//   0: symbol (low 16 bits) | field id (high 16 bits)
//   1: start, in UTF-16 code units
//   2: end, in UTF-16 code units
//   3: child count (low 30 bits) | named (bit 30) | missing (bit 31)
// The language comes from the tree-sitter-cpp binding, the same object the tree-sitter binding takes, so both parse
// with the same grammar tables and the same runtime sources (vendored by the tree-sitter package).
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#define WORDS_PER_NODE 4
#define NAMED_BIT (1u << 30)
#define MISSING_BIT (1u << 31)

// The tag tree-sitter language bindings put on their language object ("tree-sitter", "language" hashed with BLAKE2).
static const napi_type_tag LANGUAGE_TYPE_TAG = {0x8AF2E5212AD58ABF, 0xD5006CAD83ABBA16};

// One parser per add-on instance: the main thread and each worker thread have their own.
typedef struct {
  TSParser *parser;
  const TSLanguage *language;
} Instance;

static void free_instance(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Instance *instance = data;
  if (instance->parser) ts_parser_delete(instance->parser);
  free(instance);
}

static napi_value throw_error(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

static const TSLanguage *language_argument(napi_env env, napi_value value) {
  napi_valuetype type;
  bool tagged = false;
  void *language = NULL;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external) return NULL;
  if (napi_check_object_type_tag(env, value, &LANGUAGE_TYPE_TAG, &tagged) != napi_ok || !tagged) return NULL;
  if (napi_get_value_external(env, value, &language) != napi_ok) return NULL;
  return language;
}

static TSParser *parser_for(napi_env env, const TSLanguage *language) {
  Instance *instance = NULL;
  napi_get_instance_data(env, (void **)&instance);
  if (!instance) {
    instance = calloc(1, sizeof(Instance));
    if (!instance) return NULL;
    if (napi_set_instance_data(env, instance, free_instance, NULL) != napi_ok) {
      free(instance);
      return NULL;
    }
  }
  if (!instance->parser) instance->parser = ts_parser_new();
  if (instance->language != language) {
    if (!ts_parser_set_language(instance->parser, language)) return NULL;
    instance->language = language;
  }
  return instance->parser;
}

static void write_nodes(TSNode root, uint32_t *words) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  uint32_t *out = words;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    uint32_t flags = ts_node_child_count(node);
    if (ts_node_is_named(node)) flags |= NAMED_BIT;
    if (ts_node_is_missing(node)) flags |= MISSING_BIT;
    out[0] = (uint32_t)ts_node_symbol(node) | ((uint32_t)ts_tree_cursor_current_field_id(&cursor) << 16);
    out[1] = ts_node_start_byte(node) / 2;
    out[2] = ts_node_end_byte(node) / 2;
    out[3] = flags;
    out += WORDS_PER_NODE;
    if (ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return;
      }
    }
  }
}

// parse(language, text) -> Uint32Array of the tree's nodes in preorder.
static napi_value parse(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) return throw_error(env, "parse(language, text) takes two arguments");
  const TSLanguage *language = language_argument(env, argv[0]);
  if (!language) return throw_error(env, "The first argument must be a tree-sitter language object");
  size_t length = 0;
  if (napi_get_value_string_utf16(env, argv[1], NULL, 0, &length) != napi_ok) return throw_error(env, "The second argument must be a string");
  TSParser *parser = parser_for(env, language);
  if (!parser) return throw_error(env, "The language is not compatible with this tree-sitter runtime");
  char16_t *text = malloc((length + 1) * sizeof(char16_t));
  if (!text) return throw_error(env, "Out of memory");
  napi_get_value_string_utf16(env, argv[1], text, length + 1, &length);
  TSTree *tree = ts_parser_parse_string_encoding(parser, NULL, (const char *)text, (uint32_t)(length * sizeof(char16_t)), TSInputEncodingUTF16);
  free(text);
  if (!tree) return throw_error(env, "tree-sitter returned no tree");
  TSNode root = ts_tree_root_node(tree);
  size_t node_count = ts_node_descendant_count(root);
  void *data = NULL;
  napi_value buffer, array;
  napi_status status = napi_create_arraybuffer(env, node_count * WORDS_PER_NODE * sizeof(uint32_t), &data, &buffer);
  if (status == napi_ok) {
    write_nodes(root, data);
    status = napi_create_typedarray(env, napi_uint32_array, node_count * WORDS_PER_NODE, buffer, 0, &array);
  }
  ts_tree_delete(tree);
  if (status != napi_ok) return throw_error(env, "Could not allocate the node array");
  return array;
}

static napi_value string_array(napi_env env, uint32_t count, const char *(*name)(const TSLanguage *, uint32_t), const TSLanguage *language) {
  napi_value array;
  napi_create_array_with_length(env, count, &array);
  for (uint32_t i = 0; i < count; i++) {
    const char *text = name(language, i);
    napi_value value;
    if (text) napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &value);
    else napi_get_null(env, &value);
    napi_set_element(env, array, i, value);
  }
  return array;
}

static const char *symbol_name(const TSLanguage *language, uint32_t symbol) {
  return ts_language_symbol_name(language, (TSSymbol)symbol);
}

static const char *field_name(const TSLanguage *language, uint32_t field) {
  return field == 0 ? NULL : ts_language_field_name_for_id(language, (TSFieldId)field);
}

// names(language) -> { types: string[] by symbol, fields: (string | null)[] by field id }. The error symbol (65535)
// is not in `types`; its name is "ERROR".
static napi_value names(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  const TSLanguage *language = argc < 1 ? NULL : language_argument(env, argv[0]);
  if (!language) return throw_error(env, "The argument must be a tree-sitter language object");
  napi_value result;
  napi_create_object(env, &result);
  napi_set_named_property(env, result, "types", string_array(env, ts_language_symbol_count(language), symbol_name, language));
  napi_set_named_property(env, result, "fields", string_array(env, ts_language_field_count(language) + 1, field_name, language));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"parse", NULL, parse, NULL, NULL, NULL, napi_default, NULL},
      {"names", NULL, names, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
