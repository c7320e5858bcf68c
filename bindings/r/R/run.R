# The bridge to the C library: data frames become CSV text that the
# library's own reader parses (numbers written with 17 significant digits,
# which read back as the same doubles), and the library's JSON report
# comes back.

# One column as CSV cells: numbers exactly, text quoted, NA empty.
csv_cells <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x)) x <- as.integer(x)
  if (is.numeric(x)) {
    out <- if (is.integer(x)) as.character(x) else sprintf("%.17g", x)
    out[is.na(x)] <- ""
    return(out)
  }
  x <- as.character(x)
  out <- paste0("\"", gsub("\"", "\"\"", x, fixed = TRUE), "\"")
  out[is.na(x)] <- ""
  out
}

data_csv <- function(data) {
  if (!is.data.frame(data))
    stop("wold: data must be a data.frame", call. = FALSE)
  if (ncol(data) == 0L)
    stop("wold: data has no columns", call. = FALSE)
  cols <- lapply(data, csv_cells)
  head <- csv_cells(names(data))
  body <- if (nrow(data) > 0L) do.call(paste, c(cols, sep = ",")) else character()
  paste0(paste(c(paste(head, collapse = ","), body), collapse = "\n"), "\n")
}

# model: the model text, or the path of a model file (read by the library,
# so that its messages name the file).
model_args <- function(model) {
  if (!is.character(model) || length(model) != 1L || is.na(model))
    stop("wold: model must be one string: model text or a model file",
         call. = FALSE)
  if (!grepl("\n", model, fixed = TRUE) && file.exists(model))
    return(list(text = "", path = model))
  list(text = model, path = NULL)
}

choice <- function(value, names, what, base = 0L) {
  k <- match(value, names)
  if (length(value) != 1L || is.na(k))
    stop(sprintf("wold: %s: expected %s, got '%s'", what,
                 paste(sprintf("'%s'", names), collapse = ", "),
                 paste(value, collapse = " ")), call. = FALSE)
  k - 1L + base
}

# The fit options every entry point shares, as the C glue reads them.
fit_options <- function(scheme, missing, compat, plsc, scale, tol, max_iter,
                        scaled) {
  opt <- list(scheme = choice(scheme, c("path", "centroid", "factorial"),
                              "scheme"),
              missing = choice(missing, c("listwise", "mean", "pairwise"),
                               "missing"),
              compat = choice(compat, c("none", "plspm"), "compat"),
              plsc = as.integer(isTRUE(plsc)),
              scaled = as.integer(!isFALSE(scaled)))
  if (!is.null(tol)) opt$tol <- as.double(tol)
  if (!is.null(max_iter)) opt$max_iter <- as.double(max_iter)
  if (!is.null(scale)) {
    if (!is.numeric(scale) || length(scale) != 2L || anyNA(scale))
      stop("wold: scale: expected c(MIN, MAX)", call. = FALSE)
    opt$scale_lo <- as.double(scale[1L])
    opt$scale_hi <- as.double(scale[2L])
  }
  if (opt$plsc == 1L && opt$compat == 1L)
    stop("wold: plsc = TRUE cannot be used with compat = \"plspm\": plspm ",
         "has no consistent PLS", call. = FALSE)
  opt
}

boot_options <- function(boot, seed, ci, level, threads) {
  if (!is.numeric(boot) || length(boot) != 1L || is.na(boot) || boot < 0)
    stop("wold: boot: expected a number of replicates >= 0", call. = FALSE)
  if (!is.numeric(seed) || length(seed) != 1L || is.na(seed) || seed < 0)
    stop("wold: seed: expected a number >= 0", call. = FALSE)
  list(boot = as.double(boot), seed = as.double(seed),
       ci = choice(ci, c("percentile", "bca", "both"), "ci", base = 1L),
       level = as.double(level), threads = as.double(threads))
}

# Runs the library; returns the parsed JSON report or stops with the
# library's message.
wold_call <- function(model, data, opts) {
  m <- model_args(model)
  res <- .Call(C_wold_r_run, m$text, m$path, data_csv(data), opts)
  if (!is.null(res$error))
    stop(res$error, call. = FALSE)
  js <- jsonlite::parse_json(res$json, simplifyVector = FALSE)
  # The fit's warnings (docs/methods.md, "Warnings"), and a fit that did
  # not converge, which is still returned, as the command reports it.
  for (w in js$warnings) warning(w$message, call. = FALSE)
  if (!is.null(res$warning)) warning(res$warning, call. = FALSE)
  js
}

# Records (a list of JSON objects) as a data frame of the given fields;
# null becomes NA.
records <- function(x, fields, types = NULL) {
  cols <- lapply(fields, function(f) {
    v <- lapply(x, function(r) {
      y <- r[[f]]
      if (is.null(y) || length(y) != 1L) NA else y
    })
    unlist(v, use.names = FALSE) %||% logical()
  })
  names(cols) <- fields
  as.data.frame(cols, stringsAsFactors = FALSE)
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# A JSON object of objects (a square table) as a matrix.
square <- function(x) {
  if (is.null(x) || length(x) == 0L) return(NULL)
  rn <- names(x)
  cn <- names(x[[1L]])
  m <- matrix(NA_real_, length(rn), length(cn), dimnames = list(rn, cn))
  for (i in rn) for (j in cn) {
    v <- x[[i]][[j]]
    if (!is.null(v)) m[i, j] <- v
  }
  m
}
