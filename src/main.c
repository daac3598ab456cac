/* main: the `balai` program. The commands live in src/cli/ (cli/cli.h). */
#include "cli/cli.h"
#include <sodium.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "balai: libsodium gagal dimulai\n");
        return 1;
    }
    return cli_main(argc, argv);
}
