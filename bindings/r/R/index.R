wold_index <- function(model, data, group = NULL, industry = NULL,
                       sector = NULL, scheme = "path", missing = "listwise",
                       boot = 0, seed = 1, level = 0.95, weights = NULL,
                       scale = NULL, min_n = 0, threads = 0) {
  if (is.null(group)) {
    fit <- wold_fit(model, data, scheme = scheme, missing = missing,
                    boot = boot, seed = seed, level = level,
                    weights = weights, scale = scale, threads = threads)
    if (is.null(fit$indices))
      stop("wold: the model has no scales, so no 0-100 index: give them ",
           "in the model (a scale statement) or with scale = c(MIN, MAX)",
           call. = FALSE)
    out <- list(indices = fit$indices, fit = fit, json = fit$json$index)
    class(out) <- "wold_index"
    return(out)
  }
  opts <- c(list(kind = "nation", group = as.character(group)),
            fit_options(scheme, missing, "none", FALSE, scale, NULL, NULL,
                        TRUE),
            boot_options(boot, seed, "percentile", level, threads),
            list(min_n = as.double(min_n)))
  if (!is.null(industry)) opts$industry <- as.character(industry)
  if (!is.null(sector)) opts$sector <- as.character(sector)
  if (!is.null(weights)) opts$weights <- as.character(weights)
  nation_object(wold_call(model, data, opts))
}

# The units of one level of the national index as a long data frame: one
# row per unit and construct.
nation_units <- function(units) {
  rows <- lapply(units, function(u) {
    ix <- u$index %||% list()
    lv <- names(ix)
    if (length(lv) == 0L) return(NULL)
    num <- function(v) if (is.null(v)) NA_real_ else as.numeric(v)
    data.frame(unit = u$name %||% "nation", construct = lv,
               index = vapply(lv, function(j) num(ix[[j]]$value), 0),
               se = vapply(lv, function(j) num(ix[[j]]$se), 0),
               grade = vapply(lv, function(j) ix[[j]]$grade %||% NA_character_,
                              ""),
               stringsAsFactors = FALSE, row.names = NULL)
  })
  do.call(rbind, rows)
}

nation_object <- function(js) {
  comp <- js$companies %||% list()
  companies <- records(comp, c("name", "n", "status", "iterations"))
  out <- list(companies = companies,
              indices = nation_units(comp),
              industries = nation_units(js$industries),
              sectors = nation_units(js$sectors),
              nation = nation_units(list(js$nation)),
              json = js)
  class(out) <- "wold_index"
  out
}

print.wold_index <- function(x, digits = 3, ...) {
  if (!is.null(x$fit)) {
    cat("wold 0-100 indices:\n")
    print(x$indices, digits = digits, row.names = FALSE)
    return(invisible(x))
  }
  cat(sprintf("wold batch national index: %d companies\n",
              nrow(x$companies)))
  if (!is.null(x$nation)) {
    cat("\nNation:\n")
    print(x$nation, digits = digits, row.names = FALSE)
  }
  cat("\nUse summary() for the companies, industries and sectors.\n")
  invisible(x)
}

summary.wold_index <- function(object, ...) {
  out <- object[intersect(names(object), c("indices", "companies",
                                           "industries", "sectors",
                                           "nation"))]
  class(out) <- "summary.wold_index"
  out
}

print.summary.wold_index <- function(x, digits = 3, ...) {
  for (k in names(x)) {
    if (is.null(x[[k]])) next
    cat(sprintf("\n%s:\n", k))
    print(x[[k]], digits = digits, row.names = FALSE)
  }
  invisible(x)
}

wold_ipma <- function(model, data, target, scheme = "path",
                      missing = "listwise", boot = 0, seed = 1,
                      level = 0.95, weights = NULL, scale = NULL,
                      threads = 0) {
  if (!is.character(target) || length(target) != 1L)
    stop("wold: target: expected the name of a construct", call. = FALSE)
  opts <- c(list(kind = "ipma", target = target),
            fit_options(scheme, missing, "none", FALSE, scale, NULL, NULL,
                        TRUE),
            boot_options(boot, seed, "percentile", level, threads))
  if (!is.null(weights)) opts$weights <- as.character(weights)
  js <- wold_call(model, data, opts)
  f <- c("name", "importance", "performance", "potential")
  constructs <- records(js$constructs, f)
  indicators <- records(js$indicators, c("name", "block", "weight",
                                         f[-1L]))
  if (!is.null(js$bootstrap)) {
    constructs <- cbind(constructs, ipma_boot(js$constructs))
    indicators <- cbind(indicators, ipma_boot(js$indicators))
  }
  out <- list(constructs = constructs, indicators = indicators,
              target = js$target, target_performance = js$target_performance,
              n = js$n, json = js)
  class(out) <- "wold_ipma"
  out
}

# The bootstrap's s.e. and interval of each row's importance.
ipma_boot <- function(rows) {
  g <- function(f) vapply(rows, function(r) {
    v <- r$bootstrap[[f]]
    if (is.null(v)) NA_real_ else as.numeric(v)
  }, 0)
  data.frame(boot_se = g("se"), ci_low = g("lower"), ci_high = g("upper"))
}

print.wold_ipma <- function(x, digits = 3, ...) {
  cat(sprintf("wold importance-performance map: target %s (performance %.*f), n = %s\n",
              x$target, digits, x$target_performance, format(x$n)))
  cat("\nConstructs by priority:\n")
  print(x$constructs, digits = digits, row.names = FALSE)
  invisible(x)
}

summary.wold_ipma <- function(object, ...) {
  out <- object[c("target", "target_performance", "constructs",
                  "indicators")]
  class(out) <- "summary.wold_ipma"
  out
}

print.summary.wold_ipma <- function(x, digits = 3, ...) {
  cat(sprintf("IPMA of %s (performance %.*f)\n", x$target, digits,
              x$target_performance))
  cat("\nConstructs:\n")
  print(x$constructs, digits = digits, row.names = FALSE)
  cat("\nIndicators:\n")
  print(x$indicators, digits = digits, row.names = FALSE)
  invisible(x)
}

wold_simulate <- function(model, n, seed = 1, scale = NULL) {
  if (!is.numeric(n) || length(n) != 1L || is.na(n) || n < 1)
    stop("wold: n: expected a number of rows >= 1", call. = FALSE)
  if (!is.null(scale) && (!is.numeric(scale) || length(scale) != 2L ||
                          anyNA(scale) || any(scale != round(scale))))
    stop("wold: scale: expected c(MIN, MAX), two whole numbers",
         call. = FALSE)
  m <- model_args(model)
  res <- .Call(C_wold_r_simulate, m$text, m$path, as.double(n),
               as.double(seed), if (is.null(scale)) NULL else as.double(scale))
  if (!is.null(res$error))
    stop(res$error, call. = FALSE)
  utils::read.csv(text = res$json, check.names = FALSE)
}
