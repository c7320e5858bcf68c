/* main.c - the wold command: dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include <wold/wold.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("wold %s\n", wold_version());
        return 0;
    }
    fprintf(stderr, "usage: wold --version\n");
    return 1;
}
