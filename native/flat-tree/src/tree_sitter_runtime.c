// The tree-sitter runtime, compiled from the sources the tree-sitter package vendors (the same version its binding
// runs), so that the grammar tables of tree-sitter-cpp are read by the runtime they were checked against.
#include "lib.c"
