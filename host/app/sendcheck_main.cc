// `sendcheck`: the command line (import, check, ...). See `sendcheck --help`.
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) { return sendcheck::run_cli(argc, argv, std::cout, std::cerr); }
