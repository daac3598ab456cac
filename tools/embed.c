/* embed: writes the files named on the command line as one C source of byte
 * arrays plus an index (see src/util/assets.h). Written by hand because it is
 * twenty lines and avoids depending on xxd or objcopy tricks at build time. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("#include \"util/assets.h\"\n");
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 1; }
        printf("static const unsigned char a%d[] = {", i);
        int c; long n = 0;
        while ((c = getc(f)) != EOF) printf("%s%d,", (n++ % 24) ? "" : "\n", c);
        printf("0};\n");
        fclose(f);
    }
    printf("const struct asset assets[] = {\n");
    for (int i = 1; i < argc; i++)
        printf("  {\"%s\", a%d, sizeof a%d - 1},\n", argv[i], i, i);
    printf("  {0, 0, 0}\n};\n");
    return 0;
}
