# Where the repository, the shared data and the command are.  The Makefile's
# test-r target sets WOLD_REPO_DIR, WOLD_SHARED_DIR and WOLD_BINARY; run by
# hand from bindings/r/tests/testthat the defaults find them.
repo_dir <- function() {
  d <- Sys.getenv("WOLD_REPO_DIR")
  if (nzchar(d)) d else normalizePath(file.path("..", "..", "..", ".."),
                                      mustWork = FALSE)
}

shared_dir <- function() {
  d <- Sys.getenv("WOLD_SHARED_DIR")
  if (nzchar(d)) d else file.path(repo_dir(), "..", "shared")
}

shared <- function(...) file.path(shared_dir(), ...)
repo <- function(...) file.path(repo_dir(), ...)

# The built command, or "" when there is none.
wold_binary <- function() {
  b <- Sys.getenv("WOLD_BINARY")
  if (nzchar(b) && file.exists(b)) return(b)
  b <- Sys.which("wold")
  if (nzchar(b)) return(unname(b))
  b <- repo("build", "wold")
  if (file.exists(b)) b else ""
}

# The command's JSON report of `wold CMD args...`, parsed as the package
# parses the library's.
cli_json <- function(...) {
  out <- system2(wold_binary(), c(...), stdout = TRUE, stderr = FALSE)
  jsonlite::parse_json(paste(out, collapse = "\n"), simplifyVector = FALSE)
}

pluck <- function(x, f) vapply(x, function(r) {
  v <- r[[f]]
  if (is.null(v)) NA_real_ else as.numeric(v)
}, 0)

# The ECSI model of the cSEM reference run on mobi, from its r_setup.
mobi_model <- function(ref) {
  sub('".*', "", sub('.*model <- "', "", ref$r_setup))
}
