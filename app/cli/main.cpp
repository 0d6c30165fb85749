// optiscope-cli: the engine from the command line (placeholder until the CLI lands).
#include <cstdio>
int main() { std::puts("optiscope-cli"); return 0; }
