wold_fit <- function(model, data, scheme = "path", missing = "listwise",
                     compat = "none", boot = 0, seed = 1, ci = "percentile",
                     level = 0.95, weights = NULL, plsc = FALSE, scale = NULL,
                     tol = NULL, max_iter = NULL, scaled = TRUE,
                     threads = 0, hoc = "repeated") {
  opts <- c(list(kind = "fit"),
            fit_options(scheme, missing, compat, plsc, scale, tol, max_iter,
                        scaled),
            boot_options(boot, seed, ci, level, threads))
  opts$hoc <- choice(hoc, c("repeated", "two-stage"), "hoc")
  if (!is.null(weights)) opts$weights <- as.character(weights)
  if (opts$missing == 2L && boot > 0)
    stop("wold: missing = \"pairwise\" gives moments only, not rows: it ",
         "cannot be used with boot", call. = FALSE)
  fit_object(wold_call(model, data, opts))
}

boot_stats <- function(js, kind) {
  st <- js$bootstrap$statistics
  Filter(function(s) identical(s$kind, kind), st %||% list())
}

# The bootstrap columns of a table keyed by from/to (paths, effects) or
# by name (weights, loadings, R^2).
boot_columns <- function(js, kind, keys) {
  st <- boot_stats(js, kind)
  lab <- vapply(st, function(s) s$label, "")
  k <- match(paste0(kind, ":", keys), lab)
  get <- function(f, i = 1L) vapply(k, function(j) {
    if (is.na(j)) return(NA_real_)
    v <- st[[j]][[f]]
    if (is.null(v) || length(v) < i || is.null(v[[i]])) NA_real_ else v[[i]]
  }, 0)
  ci <- if (js$bootstrap$settings$ci == "bca") "bca" else "percentile"
  data.frame(boot_mean = get("mean"), boot_se = get("se"), boot_t = get("t"),
             boot_p = get("p"), ci_low = get(ci, 1L), ci_high = get(ci, 2L))
}

fit_object <- function(js) {
  ind <- js$indicators
  lat <- js$latent
  paths <- records(js$paths, c("from", "to", "estimate", "std_error", "t",
                               "p", "vif", "f2"))
  weights <- records(ind, c("block", "name", "weight"))
  names(weights) <- c("construct", "indicator", "weight")
  loadings <- records(ind, c("block", "name", "loading", "communality",
                             "redundancy"))
  names(loadings)[1:2] <- c("construct", "indicator")
  effects <- records(js$effects, c("from", "to", "direct", "indirect",
                                   "total"))
  booted <- !is.null(js$bootstrap)
  if (booted) {
    paths <- cbind(paths, boot_columns(js, "path",
                                       paste0(paths$from, "->", paths$to)))
    weights <- cbind(weights, boot_columns(js, "weight", weights$indicator))
    loadings <- cbind(loadings, boot_columns(js, "loading",
                                             loadings$indicator))
    effects <- cbind(effects, boot_columns(js, "total",
                                           paste0(effects$from, "->",
                                                  effects$to)))
  }
  r2 <- records(Filter(function(l) isTRUE(l$endogenous), lat),
                c("name", "r2", "r2_adj"))
  names(r2)[1] <- "construct"
  reliability <- records(lat, c("name", "mode", "alpha", "rho_c", "rho_a",
                                "ave"))
  names(reliability)[1] <- "construct"
  obj <- list(weights = weights, loadings = loadings, paths = paths,
              r2 = r2, reliability = reliability,
              htmt = square(js$htmt), effects = effects,
              indices = index_table(js$index),
              n = js$n, iterations = js$iterations,
              converged = isTRUE(js$converged), gof = js$gof %||% NA_real_,
              settings = js$settings,
              bootstrap = if (booted) js$bootstrap$settings else NULL,
              json = js)
  class(obj) <- "wold_fit"
  obj
}

# The 0-100 indices of a fit (NULL when the model has no scales).
index_table <- function(ix) {
  if (is.null(ix)) return(NULL)
  cs <- ix$constructs
  out <- records(cs, c("lv", "value", "grade", "stars", "mean_score", "note"))
  names(out)[1] <- "construct"
  b <- lapply(cs, function(c) c$bootstrap)
  if (any(!vapply(b, is.null, TRUE))) {
    g <- function(f, i = 1L) vapply(b, function(x) {
      v <- x[[f]]
      if (is.null(v) || length(v) < i || is.null(v[[i]])) NA_real_ else v[[i]]
    }, 0)
    out$boot_se <- g("se")
    out$ci_low <- g("percentile", 1L)
    out$ci_high <- g("percentile", 2L)
  }
  out
}

stars <- function(p) {
  s <- ifelse(is.na(p), "", ifelse(p < 0.001, "***", ifelse(p < 0.01, "**",
              ifelse(p < 0.05, "*", ifelse(p < 0.1, ".", "")))))
  s
}

print.wold_fit <- function(x, digits = 3, ...) {
  s <- x$settings
  cat(sprintf("wold PLS path model: %d constructs, %d indicators, n = %s\n",
              nrow(x$reliability), nrow(x$loadings), format(x$n)))
  cat(sprintf("%s scheme, %s, %d iterations (%s)\n", s$scheme,
              if (identical(s$compat, "plspm")) "plspm compatible" else
                "wold defaults",
              as.integer(x$iterations),
              if (x$converged) "converged" else "NOT converged"))
  if (!is.null(x$bootstrap))
    cat(sprintf("bootstrap: %d replicates, seed %s\n",
                as.integer(x$bootstrap$replicates), format(x$bootstrap$seed)))
  cat("\nPath coefficients:\n")
  p <- x$paths
  m <- data.frame(path = paste(p$from, "->", p$to), estimate = p$estimate)
  if (!is.null(p$boot_se)) m$boot_t <- p$boot_t
  print(m, digits = digits, row.names = FALSE)
  cat("\nR^2:\n")
  print(x$r2[, c("construct", "r2")], digits = digits, row.names = FALSE)
  cat("\nUse summary() for reliability, effects and indices.\n")
  invisible(x)
}

summary.wold_fit <- function(object, ...) {
  p <- object$paths
  use_boot <- !is.null(p$boot_p)
  pv <- if (use_boot) p$boot_p else p$p
  paths <- data.frame(path = paste(p$from, "->", p$to), estimate = p$estimate,
                      se = if (use_boot) p$boot_se else p$std_error,
                      t = if (use_boot) p$boot_t else p$t, p = pv,
                      sig = stars(pv), stringsAsFactors = FALSE)
  if (use_boot) {
    paths$ci_low <- p$ci_low
    paths$ci_high <- p$ci_high
  }
  out <- list(paths = paths, reliability = object$reliability,
              r2 = object$r2, effects = object$effects,
              htmt = object$htmt, indices = object$indices,
              gof = object$gof, n = object$n, booted = use_boot,
              iterations = object$iterations, converged = object$converged)
  class(out) <- "summary.wold_fit"
  out
}

print.summary.wold_fit <- function(x, digits = 3, ...) {
  cat(sprintf("wold PLS path model, n = %s, %d iterations%s\n", format(x$n),
              as.integer(x$iterations),
              if (x$converged) "" else " (NOT converged)"))
  cat(sprintf("\nStructural paths (%s):\n",
              if (x$booted) "bootstrap s.e., t and p" else "OLS s.e., t and p"))
  print(x$paths, digits = digits, row.names = FALSE)
  cat("---\nSignif. codes: 0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n")
  cat("\nReliability and convergent validity:\n")
  print(x$reliability, digits = digits, row.names = FALSE)
  cat("\nR^2:\n")
  print(x$r2, digits = digits, row.names = FALSE)
  if (!is.null(x$htmt)) {
    cat("\nHTMT:\n")
    print(round(x$htmt, digits))
  }
  cat("\nTotal effects:\n")
  print(x$effects[, c("from", "to", "direct", "indirect", "total")],
        digits = digits, row.names = FALSE)
  if (!is.null(x$indices)) {
    cat("\nIndices (0-100):\n")
    print(x$indices, digits = digits, row.names = FALSE)
  }
  if (!is.na(x$gof)) cat(sprintf("\nGoF: %.*f\n", digits, x$gof))
  invisible(x)
}
