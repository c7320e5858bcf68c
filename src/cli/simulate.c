/* simulate.c - "wold simulate MODEL -n N --seed S": a panel from the
 * population values written in the model file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char simulate_help[] =
    "usage: wold simulate MODEL -n N --seed S [--scale LO:HI] [--missing P]\n"
    "                     [--groups G [--industries I] [--sectors S]\n"
    "                     [--shift D]] [--digits N] [--threads T] [-o FILE]\n"
    "\n"
    "Writes a CSV panel drawn from the population values in MODEL (lavaan\n"
    "premultipliers: 'Sat ~ 0.5*Exp', 'Exp =~ 0.8*exp1'; see\n"
    "docs/simulate.md).  Exogenous LVs are N(0,1); disturbances and\n"
    "measurement errors make every LV and indicator unit-variance.  The same\n"
    "seed gives the same file.\n"
    "\n"
    "options:\n"
    "  -n N            rows (required)\n"
    "  --seed S        random seed (required)\n"
    "  --scale LO:HI   round to a Likert scale, e.g. 1:10 (default continuous)\n"
    "  --missing P     probability that a cell is empty, 0 <= P < 1\n"
    "  --groups G      a wave: G companies of N rows each, with columns\n"
    "                  company, industry and sector before the indicators\n"
    "  --industries I  industries of the wave (default 1); company g is in\n"
    "                  industry g mod I\n"
    "  --sectors S     sectors (default 1, S <= I <= G); industry i is in\n"
    "                  sector i mod S\n"
    "  --shift D       every LV of company g has mean D x d_g (default 0.5),\n"
    "                  d_g = (s+1/2)/S + (i+1/2)/I + (g+1/2)/G - 3/2 for its\n"
    "                  sector s and industry i (docs/simulate.md, \"Waves\")\n"
    "  --digits N      continuous values with N significant digits (1..17),\n"
    "                  correctly rounded as printf's %.Ng; the default writes\n"
    "                  the shortest decimal that reads back as the same double.\n"
    "                  Likert values (--scale) stay integers\n"
    "  --threads T     threads formatting the rows (default 0: one per core);\n"
    "                  the same seed gives the same bytes whatever T\n"
    "  -o FILE         write to FILE instead of standard output\n"
    "  -h, --help      show this help\n"
    "\n"
    "An output replaces a regular file atomically, when complete; a device,\n"
    "a FIFO and standard output are written through.  A read-only file, or\n"
    "an output that is an input, is refused (docs/cli.md, \"Output files\").\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad model (or impossible population\n"
    "values), 4 out of memory, 5 I/O error (a write failed: disk full,\n"
    "cannot create the output).\n";

static const char *const simulate_options[] = {
    "-n", "--seed", "--scale", "--missing", "--groups", "--industries",
    "--sectors", "--shift", "--digits", "--threads", "-o", "--help"};

/* The options of a wave; 0 when argv[*i] is none of them. */
static int parse_wave(int argc, char **argv, int *i,
                      wold_simulate_options *opt, int *rc)
{
    static const char *const names[] = {"--groups", "--industries",
                                        "--sectors"};
    size_t *dest[] = {&opt->groups, &opt->industries, &opt->sectors};
    const char *v = NULL;
    long l = 0;
    int m;
    for (int k = 0; k < 3; k++)
        if ((m = cli_opt_value(argc, argv, i, names[k], &v, "simulate"))) {
            *rc = m < 0 ? 1 : cli_parse_long("simulate", names[k], v, 1,
                                             1000000L, &l);
            *dest[k] = (size_t)l;
            return 1;
        }
    if ((m = cli_opt_value(argc, argv, i, "--shift", &v, "simulate"))) {
        *rc = m < 0 ? 1 : cli_parse_double("simulate", "--shift", v,
                                           &opt->shift);
        if (*rc == 0 && !(opt->shift >= -10 && opt->shift <= 10))
            *rc = cli_usage_error("simulate", "--shift: expected a number "
                                  "from -10 to 10, got '%s'", v);
    }
    return m;
}

static int parse_scale(const char *v, wold_simulate_options *opt)
{
    long lo, hi;
    char *end;
    lo = strtol(v, &end, 10);
    if (end == v || *end != ':')
        return cli_usage_error("simulate", "--scale: expected LO:HI such as 1:10, got '%s'", v);
    const char *h = end + 1;
    hi = strtol(h, &end, 10);
    if (end == h || *end != '\0' || lo >= hi || lo < -1000000 || hi > 1000000)
        return cli_usage_error("simulate", "--scale: expected LO:HI with LO < HI, got '%s'", v);
    opt->scale_lo = (int)lo;
    opt->scale_hi = (int)hi;
    return 0;
}

int cli_simulate(int argc, char **argv)
{
    wold_simulate_options opt;
    wold_simulate_options_default(&opt);
    const char *model_path = NULL, *out = NULL, *v = NULL;
    int have_n = 0, have_seed = 0;
    for (int i = 1; i < argc; i++) {
        int m, rc = 0;
        long l = 0;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(simulate_help, stdout);
            return cli_stdout_check("simulate");
        } else if ((m = cli_opt_value(argc, argv, &i, "-n", &v, "simulate"))) {
            rc = m < 0 ? 1 : cli_parse_long("simulate", "-n", v, 1, 2000000000L, &l);
            opt.n = (size_t)l;
            have_n = 1;
        } else if ((m = cli_opt_value(argc, argv, &i, "--seed", &v, "simulate"))) {
            rc = m < 0 ? 1 : cli_parse_long("simulate", "--seed", v, 0, 2147483647L, &l);
            opt.seed = (uint64_t)l;
            have_seed = 1;
        } else if ((m = cli_opt_value(argc, argv, &i, "--scale", &v, "simulate"))) {
            rc = m < 0 ? 1 : parse_scale(v, &opt);
        } else if ((m = cli_opt_value(argc, argv, &i, "--missing", &v, "simulate"))) {
            rc = m < 0 ? 1 : cli_parse_double("simulate", "--missing", v, &opt.missing);
            if (rc == 0 && !(opt.missing >= 0 && opt.missing < 1))
                rc = cli_usage_error("simulate", "--missing: expected a probability in [0, 1), got '%s'", v);
        } else if ((m = cli_opt_value(argc, argv, &i, "--digits", &v, "simulate"))) {
            rc = m < 0 ? 1 : cli_parse_long("simulate", "--digits", v, 1, 17, &l);
            opt.digits = (unsigned)l;
        } else if ((m = cli_opt_value(argc, argv, &i, "--threads", &v, "simulate"))) {
            rc = m < 0 ? 1 : cli_parse_long("simulate", "--threads", v, 0, 256, &l);
            opt.threads = (unsigned)l;
        } else if (parse_wave(argc, argv, &i, &opt, &rc)) {
            /* stored in opt, rc set */
        } else if ((m = cli_opt_value(argc, argv, &i, "-o", &v, "simulate"))) {
            rc = m < 0;
            out = v;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            rc = cli_unknown_option("simulate", argv[i], simulate_options,
                                    sizeof simulate_options /
                                        sizeof simulate_options[0]);
        } else if (model_path == NULL) {
            model_path = argv[i];
        } else {
            rc = cli_usage_error("simulate", "unexpected argument '%s'", argv[i]);
        }
        if (rc != 0)
            return rc;
    }
    if (model_path == NULL || !have_n || !have_seed)
        return cli_usage_error("simulate", "expected MODEL, -n N and --seed S");
    if (opt.groups > 0) { /* a wave: one industry and sector by default */
        opt.industries = opt.industries ? opt.industries : 1;
        opt.sectors = opt.sectors ? opt.sectors : 1;
    }
    const cli_file in[] = {{"MODEL", model_path}};
    const cli_file outs[] = {{out != NULL ? "-o" : NULL, out}};
    cli_out o;
    int rc = cli_check_files("simulate", in, 1, outs, 1);
    if (rc == 0)
        rc = cli_out_open(&o, out, "simulate");
    if (rc != 0)
        return rc;
    wold_error err;
    wold_model *model = NULL;
    if (wold_model_read(&model, model_path, &err) != WOLD_OK) {
        cli_out_abort(&o);
        return cli_report(&err);
    }
    if (wold_simulate_csv(model, &opt, o.f, &err) != WOLD_OK) {
        cli_out_abort(&o);
        /* The library knows why a write failed, the CLI to what. */
        if (err.status == WOLD_EIO)
            fprintf(stderr, "wold simulate: error: %s: %s\n", o.name,
                    err.message);
        rc = err.status == WOLD_EIO ? EXIT_IO : cli_report(&err);
    } else {
        rc = cli_out_commit(&o, "simulate");
    }
    wold_model_free(model);
    return rc;
}
