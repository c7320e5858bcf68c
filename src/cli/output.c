/*
 * output.c - output files that never destroy anything (docs/cli.md,
 * "Output files"), after zstd's programs/fileio.c:
 *
 *   - a regular file is replaced atomically: the output goes to a temporary
 *     file beside it, renamed over it only when complete, with the mode of
 *     the file it replaces; a symbolic link is followed, so the link stays
 *     and its target is replaced;
 *   - a device, a FIFO or standard output is written through;
 *   - a read-only file is refused (also as root, where access() says yes);
 *   - an output that is an input, or another output, is refused before
 *     anything is read;
 *   - SIGINT, SIGTERM, SIGHUP and SIGPIPE remove the temporary files before
 *     the process dies of the signal.
 */
/* realpath is XSI. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ---- temporary files the signal handler removes ------------------------- */

/* A slot is written only while its flag is 0, so the handler never reads a
 * path being written. */
static char tmp_paths[CLI_MAX_OUT][CLI_PATH_MAX];

/* realpath writes up to PATH_MAX bytes into cli_out.target. */
_Static_assert(CLI_PATH_MAX >= PATH_MAX, "CLI_PATH_MAX below PATH_MAX");
static volatile sig_atomic_t tmp_used[CLI_MAX_OUT];

static void on_signal(int sig)
{
    for (int k = 0; k < CLI_MAX_OUT; k++)
        if (tmp_used[k])
            unlink(tmp_paths[k]);
    /* Die of the signal, so the shell sees it (exit status 128 + sig). */
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_signals_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
        sigaddset(&sa.sa_mask, sigs[k]);
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
        struct sigaction old;
        /* A signal the parent ignores (nohup, '&' without job control)
         * stays ignored. */
        if (sigaction(sigs[k], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[k], &sa, NULL);
    }
}

/* Makes the temporary file from the template o->tmp in a free slot, so
 * that a signal at any moment finds its name.  Returns the fd or -1. */
static int make_temp(cli_out *o)
{
    int k = 0;
    while (k < CLI_MAX_OUT && tmp_used[k])
        k++;
    if (k == CLI_MAX_OUT) {
        errno = EMFILE;
        return -1;
    }
    memcpy(tmp_paths[k], o->tmp, sizeof o->tmp);
    tmp_used[k] = 1;
    int fd = mkstemp(tmp_paths[k]);
    if (fd < 0) {
        tmp_used[k] = 0;
        return -1;
    }
    memcpy(o->tmp, tmp_paths[k], sizeof o->tmp);
    o->slot = k;
    return fd;
}

/* Removes the temporary file (unless renamed) and frees its slot. */
static void drop_temp(cli_out *o, int remove)
{
    if (o->slot < 0)
        return;
    if (remove)
        unlink(o->tmp);
    tmp_used[o->slot] = 0;
    o->slot = -1;
}

/* ---- opening, committing, aborting --------------------------------------- */

/* Opens a device or FIFO for writing through. */
static int open_through(cli_out *o, const char *cmd)
{
    int fd = open(o->path, O_WRONLY);
    if (fd < 0 || (o->f = fdopen(fd, "w")) == NULL) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return cli_write_error(cmd, o->name, e);
    }
    return 0;
}

/* The descriptor a path names: /dev/stdout, /dev/stderr, /dev/fd/N,
 * /proc/self/fd/N; otherwise -1.  Opening such a path would start at
 * offset 0 of a file the shell opened for appending, and replacing it would
 * replace the file behind the descriptor: it is written through the
 * descriptor instead. */
static int named_fd(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0)
        return 1;
    if (strcmp(path, "/dev/stderr") == 0)
        return 2;
    const char *n = NULL;
    if (strncmp(path, "/dev/fd/", 8) == 0)
        n = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0)
        n = path + 14;
    if (n == NULL || *n < '0' || *n > '9')
        return -1;
    char *end;
    long fd = strtol(n, &end, 10);
    return *end == '\0' && fd <= INT_MAX ? (int)fd : -1;
}

static int open_fd(cli_out *o, int fd, const char *cmd)
{
    if (fd == 1) {
        o->f = stdout;
        return 0;
    }
    int d = dup(fd);
    if (d < 0 || (o->f = fdopen(d, "w")) == NULL) {
        int e = errno;
        if (d >= 0)
            close(d);
        return cli_write_error(cmd, o->name, e);
    }
    return 0;
}

/* Where the temporary file goes and what it gets renamed over: path, or
 * the file a symbolic link at path points to. */
static int resolve_target(cli_out *o, const char *cmd)
{
    struct stat lst;
    if (lstat(o->path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        if (realpath(o->path, o->target) == NULL)
            return cli_write_error(cmd, o->name, errno);
    } else if (strlen(o->path) < sizeof o->target) {
        strcpy(o->target, o->path);
    } else {
        return cli_write_error(cmd, o->name, ENAMETOOLONG);
    }
    static const char suffix[] = ".tmp-XXXXXX";
    size_t len = strlen(o->target);
    if (len + sizeof suffix > sizeof o->tmp)
        return cli_write_error(cmd, o->name, ENAMETOOLONG);
    memcpy(o->tmp, o->target, len);
    memcpy(o->tmp + len, suffix, sizeof suffix);
    return 0;
}

/* A new file gets what a plain fopen would give under the umask. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

int cli_out_open(cli_out *o, const char *path, const char *cmd)
{
    memset(o, 0, sizeof *o);
    o->slot = -1;
    if (path == NULL || strcmp(path, "-") == 0) {
        o->f = stdout;
        o->name = "<stdout>";
        return 0;
    }
    o->path = o->name = path;
    int fd = named_fd(path);
    if (fd >= 0)
        return open_fd(o, fd, cmd);
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT)
        return cli_write_error(cmd, path, errno);
    if (!exists) {
        struct stat lst;
        if (lstat(path, &lst) == 0) /* a link to nothing */
            return cli_io_error(cmd, path, "a symbolic link to a missing file");
    } else if (S_ISDIR(st.st_mode)) {
        return cli_write_error(cmd, path, EISDIR);
    } else if (!S_ISREG(st.st_mode)) {
        return open_through(o, cmd);
    } else if (!(st.st_mode & S_IWUSR) || access(path, W_OK) != 0) {
        /* access() alone says yes to root. */
        return cli_io_error(cmd, path, "the file is read-only");
    }
    int rc = resolve_target(o, cmd);
    if (rc != 0)
        return rc;
    fd = make_temp(o);
    if (fd < 0)
        return cli_write_error(cmd, path, errno);
    /* mkstemp makes the file 0600: give it the mode (and, as root, the
     * owner) of the file it replaces. */
    if (exists) {
        fchmod(fd, st.st_mode & 07777);
        if (geteuid() == 0 && fchown(fd, st.st_uid, st.st_gid) != 0)
            fchmod(fd, st.st_mode & 0777);
    } else {
        fchmod(fd, new_file_mode());
    }
    if ((o->f = fdopen(fd, "w")) == NULL) {
        int e = errno;
        close(fd);
        drop_temp(o, 1);
        return cli_write_error(cmd, path, e);
    }
    return 0;
}

int cli_out_write(cli_out *o, const char *p, size_t n)
{
    if (o->err == 0 && fwrite(p, 1, n, o->f) != n)
        o->err = errno != 0 ? errno : EIO;
    return o->err == 0 ? 0 : -1;
}

int cli_stdout_check(const char *cmd)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    int e = errno;
    clearerr(stdout);
    return cli_write_error(cmd, "<stdout>", e);
}

int cli_out_finish(cli_out *o, const char *cmd)
{
    if (o->f == NULL)
        return 0;
    if (o->f == stdout) {
        o->f = NULL;
        if (o->err != 0) {
            clearerr(stdout);
            return cli_write_error(cmd, o->name, o->err);
        }
        return cli_stdout_check(cmd);
    }
    errno = 0;
    int bad = fflush(o->f) != 0 || ferror(o->f);
    int e = o->err != 0 ? o->err : errno;
    if (fclose(o->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    o->f = NULL;
    if (!bad)
        return 0;
    drop_temp(o, 1);
    return cli_write_error(cmd, o->name, e);
}

int cli_out_commit(cli_out *o, const char *cmd)
{
    int rc = cli_out_finish(o, cmd);
    if (rc != 0 || o->slot < 0)
        return rc;
    if (rename(o->tmp, o->target) != 0) {
        int e = errno;
        drop_temp(o, 1);
        return cli_write_error(cmd, o->name, e);
    }
    drop_temp(o, 0);
    return 0;
}

int cli_out_report(cli_out *o, wold_status st, char *text,
                   const wold_error *err, const char *cmd)
{
    int rc = st != WOLD_OK ? cli_report(err) : 0;
    if (rc == 0) {
        cli_out_write(o, text, strlen(text));
        rc = cli_out_commit(o, cmd);
    }
    free(text);
    return rc;
}

void cli_out_abort(cli_out *o)
{
    if (o->f != NULL && o->f != stdout)
        fclose(o->f);
    o->f = NULL;
    drop_temp(o, 1);
}

/* ---- outputs that would destroy inputs ----------------------------------- */

typedef struct file_id {
    const cli_file *file;
    int std;         /* 0: a path; 1: standard input or output */
    int known;       /* st is valid */
    struct stat st;
} file_id;

static void identify(file_id *id, const cli_file *f, int fd)
{
    memset(id, 0, sizeof *id);
    id->file = f;
    id->std = f->path == NULL || strcmp(f->path, "-") == 0;
    id->known = id->std ? fstat(fd, &id->st) == 0 : stat(f->path, &id->st) == 0;
}

/* The same file: the same path, or the same regular file (device and
 * inode).  Devices and FIFOs may be shared: writing twice to /dev/null
 * destroys nothing. */
static int same_file(const file_id *a, const file_id *b, int same_fd)
{
    int reg = a->known && b->known && S_ISREG(a->st.st_mode) &&
              S_ISREG(b->st.st_mode);
    if (reg && a->st.st_dev == b->st.st_dev && a->st.st_ino == b->st.st_ino)
        return 1;
    if (a->std && b->std)
        return same_fd;
    if (a->std || b->std || (a->known && !S_ISREG(a->st.st_mode)))
        return 0;
    return strcmp(a->file->path, b->file->path) == 0;
}

/* "-o out.txt", "DATA <stdin>", or "<stdout>" for an output not named on
 * the command line. */
static const char *label(char *buf, size_t size, const file_id *id,
                         const char *std_name)
{
    const char *name = id->std ? std_name : id->file->path;
    if (id->file->what == NULL)
        return name;
    snprintf(buf, size, "%s %s", id->file->what, name);
    return buf;
}

int cli_check_files(const char *cmd, const cli_file *in, int n_in,
                    const cli_file *out, int n_out)
{
    file_id ins[4], outs[CLI_MAX_OUT];
    if (n_in > 4 || n_out > CLI_MAX_OUT)
        return cli_usage_error(cmd, "too many files");
    for (int i = 0; i < n_in; i++) {
        identify(&ins[i], &in[i], 0);
        for (int j = 0; j < i; j++)
            if (ins[i].std && ins[j].std)
                return cli_usage_error(cmd, "%s and %s cannot both be read "
                                       "from <stdin>", in[j].what, in[i].what);
    }
    char a[4200], b[4200];
    for (int i = 0; i < n_out; i++) {
        identify(&outs[i], &out[i], 1);
        for (int j = 0; j < n_in; j++)
            if (same_file(&outs[i], &ins[j], 0))
                return cli_usage_error(
                    cmd, "%s is the same file as %s: the output would "
                    "destroy the input",
                    label(a, sizeof a, &outs[i], "<stdout>"),
                    label(b, sizeof b, &ins[j], "<stdin>"));
        for (int j = 0; j < i; j++)
            if (same_file(&outs[i], &outs[j], 1))
                return cli_usage_error(
                    cmd, "%s and %s are the same file: one output would "
                    "destroy the other",
                    label(a, sizeof a, &outs[j], "<stdout>"),
                    label(b, sizeof b, &outs[i], "<stdout>"));
    }
    return 0;
}

/* ---- reports as tables (docs/tables.md) ---------------------------------- */

int cli_tables_format(const char *v, int csv_long, cli_tables *kind)
{
    if (strcmp(v, "long") == 0 || (csv_long && strcmp(v, "csv") == 0))
        *kind = CLI_TABLES_LONG;
    else if (strcmp(v, "xlsx") == 0)
        *kind = CLI_TABLES_XLSX;
    else
        return 0;
    return 1;
}

int cli_tables_check(const char *cmd, cli_tables kind, const char *out)
{
    if (kind != CLI_TABLES_XLSX)
        return 0;
    if (out == NULL || strcmp(out, "-") == 0 || named_fd(out) >= 0)
        return cli_usage_error(cmd, "--format xlsx writes a workbook file: "
                               "give it with -o FILE.xlsx (a workbook is "
                               "not written to a terminal or a pipe)");
    struct stat st;
    if (stat(out, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return cli_usage_error(cmd, "--format xlsx: -o %s is not a regular "
                               "file: a workbook is written to a file",
                               out);
    return 0;
}

wold_format cli_tables_report_format(cli_tables kind, wold_format f)
{
    return kind != CLI_TABLES_NONE ? WOLD_FORMAT_JSON : f;
}

int cli_write_tables(cli_out *o, const char *cmd, cli_tables kind,
                     const char *json, wold_lang lang)
{
    wold_error err;
    char *csv = NULL;
    if (kind == CLI_TABLES_LONG) {
        if (wold_tables_csv(&csv, json, &err) != WOLD_OK) {
            cli_out_abort(o);
            return cli_report(&err);
        }
        cli_out_write(o, csv, strlen(csv));
        free(csv);
        return cli_out_finish(o, cmd);
    }
    /* The workbook replaces the temporary file cli_out_open made, which
     * cli_out_commit then renames: the output stays atomic and a signal
     * still removes it. */
    int rc = cli_out_finish(o, cmd);
    if (rc != 0)
        return rc;
    if (o->slot < 0) {
        cli_out_abort(o);
        return cli_io_error(cmd, o->name, "a workbook is written to a "
                            "regular file only");
    }
    if (wold_tables_xlsx(json, o->tmp, lang, &err) != WOLD_OK) {
        cli_out_abort(o);
        return cli_report(&err);
    }
    return 0;
}

int cli_out_tables(cli_out *o, wold_status st, char *text,
                   const wold_error *err, const char *cmd, cli_tables kind,
                   wold_lang lang)
{
    if (kind == CLI_TABLES_NONE)
        return cli_out_report(o, st, text, err, cmd);
    int rc = st != WOLD_OK ? cli_report(err) : 0;
    if (rc == 0)
        rc = cli_write_tables(o, cmd, kind, text, lang);
    if (rc == 0)
        rc = cli_out_commit(o, cmd);
    free(text);
    return rc;
}
