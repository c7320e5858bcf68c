sat_model <- repo("models", "satisfaction.wold")
sat_csv <- shared("datasets", "satisfaction.csv")

test_that("the satisfaction fit equals the command's JSON", {
  skip_if_not(file.exists(sat_csv), "no ../shared/datasets/satisfaction.csv")
  skip_if_not(nzchar(wold_binary()), "no wold binary (WOLD_BINARY)")
  d <- read.csv(sat_csv)
  f <- wold_fit(sat_model, d)
  cli <- cli_json("fit", sat_model, sat_csv, "--format", "json")
  expect_equal(f$paths$estimate, pluck(cli$paths, "estimate"), tolerance = 1e-12)
  expect_identical(f$paths$estimate, pluck(cli$paths, "estimate"))
  expect_identical(f$paths$p, pluck(cli$paths, "p"))
  expect_identical(f$weights$weight, pluck(cli$indicators, "weight"))
  expect_identical(f$loadings$loading, pluck(cli$indicators, "loading"))
  expect_identical(f$reliability$rho_a, pluck(cli$latent, "rho_a"))
  expect_identical(f$effects$total, pluck(cli$effects, "total"))
  expect_identical(f$gof, cli$gof)
  expect_identical(f$indices$value, pluck(cli$index$constructs, "value"))
  expect_identical(f$htmt[["VAL", "SAT"]], cli$htmt$VAL$SAT)
  expect_equal(f$n, 250)
  expect_true(f$converged)
})

test_that("the satisfaction fit with compat = plspm equals plspm's numbers", {
  ref_file <- shared("reference", "satisfaction__modesA__path__scaled.json")
  skip_if_not(file.exists(sat_csv) && file.exists(ref_file),
              "no ../shared satisfaction data or plspm reference")
  ref <- jsonlite::fromJSON(ref_file)
  f <- wold_fit(sat_model, read.csv(sat_csv), compat = "plspm")
  expect_equal(f$iterations, ref$iterations)
  expect_equal(f$weights$weight, unname(unlist(ref$outer_weights)),
               tolerance = 1e-10)
  expect_equal(f$loadings$loading, unname(unlist(ref$loadings)),
               tolerance = 1e-10)
  pc <- ref$path_coefs
  lv <- ref$lv_names
  want <- pc[cbind(match(f$paths$to, lv), match(f$paths$from, lv))]
  expect_equal(f$paths$estimate, want, tolerance = 1e-10)
  expect_equal(f$gof, ref$gof, tolerance = 1e-10)
})

test_that("ECSI on mobi matches the plspm-type reference to 1e-10", {
  ref_file <- shared("reference", "csem__mobi_ecsi__plspm.json")
  mobi_csv <- shared("datasets", "mobi.csv")
  skip_if_not(file.exists(ref_file) && file.exists(mobi_csv),
              "no ../shared mobi data or reference")
  ref <- jsonlite::fromJSON(ref_file)
  f <- wold_fit(mobi_model(ref), read.csv(mobi_csv), compat = "plspm")
  pe <- ref$estimates$path_estimates
  k <- match(paste(f$paths$to, "~", f$paths$from), pe$Name)
  expect_false(anyNA(k))
  expect_equal(f$paths$estimate, pe$Estimate[k], tolerance = 1e-10)
  we <- ref$estimates$weight_estimates
  k <- match(paste(f$weights$construct, "<~", f$weights$indicator), we$Name)
  expect_false(anyNA(k))
  expect_equal(f$weights$weight, we$Estimate[k], tolerance = 1e-10)
  expect_equal(max(abs(f$weights$weight - we$Estimate[k])), 0,
               tolerance = 1e-10)
})

test_that("a seeded bootstrap is reproducible and equals the command's", {
  skip_if_not(file.exists(sat_csv), "no ../shared/datasets/satisfaction.csv")
  d <- read.csv(sat_csv)
  a <- wold_fit(sat_model, d, boot = 60, seed = 7, threads = 2)
  b <- wold_fit(sat_model, d, boot = 60, seed = 7, threads = 1)
  expect_identical(a$paths, b$paths)
  expect_false(anyNA(a$paths$boot_se))
  expect_true(all(a$paths$ci_low < a$paths$estimate))
  expect_false(identical(a$paths$boot_se,
                         wold_fit(sat_model, d, boot = 60, seed = 8)$paths$boot_se))
  skip_if_not(nzchar(wold_binary()), "no wold binary (WOLD_BINARY)")
  cli <- cli_json("fit", sat_model, sat_csv, "--format", "json", "--boot",
                  "60", "--seed", "7")
  st <- Filter(function(s) s$kind == "path", cli$bootstrap$statistics)
  expect_identical(a$paths$boot_se, pluck(st, "se"))
  expect_identical(a$paths$boot_p, pluck(st, "p"))
  expect_identical(a$paths$ci_low, vapply(st, function(s) s$percentile[[1]], 0))
  expect_identical(a$indices$boot_se,
                   vapply(cli$index$constructs, function(c) c$bootstrap$se, 0))
})

test_that("model text, weights, missing values and options work", {
  skip_if_not(file.exists(sat_csv), "no ../shared/datasets/satisfaction.csv")
  d <- read.csv(sat_csv)
  text <- paste(readLines(sat_model), collapse = "\n")
  expect_identical(wold_fit(text, d)$paths, wold_fit(sat_model, d)$paths)
  d$w <- 1
  expect_equal(wold_fit(text, d, weights = "w")$paths$estimate,
               wold_fit(text, d)$paths$estimate, tolerance = 1e-12)
  d$imag1[3] <- NA
  expect_equal(wold_fit(text, d)$n, 249)
  expect_equal(wold_fit(text, d, missing = "mean")$n, 250)
  cen <- wold_fit(text, d, scheme = "centroid")
  expect_identical(cen$settings$scheme, "centroid")
  expect_true(is.null(wold_fit("A =~ imag1 + imag2\nB =~ sat1 + sat2\nB ~ A",
                               d)$indices))
})

test_that("errors are R errors with the library's messages", {
  skip_if_not(file.exists(sat_csv), "no ../shared/datasets/satisfaction.csv")
  d <- read.csv(sat_csv)
  expect_error(wold_fit("IMAG =~ imag1 +\nSAT ~ IMAG", d), "<model>:")
  expect_error(wold_fit("A =~ imag1 + nosuch\nB =~ sat1 + sat2\nB ~ A", d),
               "nosuch")
  d2 <- d
  d2$imag1 <- as.character(d2$imag1)
  d2$imag1[5] <- "high"
  expect_error(wold_fit(sat_model, d2), "imag1|high")
  expect_error(wold_fit(sat_model, d, scheme = "nope"), "scheme")
  expect_error(wold_fit(sat_model, d, weights = "nosuch"), "nosuch")
  expect_error(wold_fit(sat_model, d, plsc = TRUE, compat = "plspm"),
               "plspm")
  expect_error(wold_fit(sat_model, "not a frame"), "data.frame")
  d3 <- d
  d3$imag1 <- 3
  expect_error(wold_fit(sat_model, d3), "imag1")
})

test_that("a fit that does not converge is returned with a warning", {
  skip_if_not(file.exists(sat_csv), "no ../shared/datasets/satisfaction.csv")
  expect_warning(f <- wold_fit(sat_model, read.csv(sat_csv), max_iter = 2),
                 "did not converge in 2 iterations")
  expect_false(f$converged)
  expect_equal(f$iterations, 2)
  expect_output(print(f), "NOT converged")
  skip_if_not(nzchar(wold_binary()), "no wold binary (WOLD_BINARY)")
  cli <- suppressWarnings(cli_json("fit", sat_model, sat_csv, "--format",
                                   "json", "--max-iter", "2"))
  expect_identical(f$paths$estimate, pluck(cli$paths, "estimate"))
})

test_that("higher-order constructs: repeated indicators and two stages", {
  m <- repo("models", "csi_three_level.wold")
  skip_if_not(file.exists(m), "no models/csi_three_level.wold")
  p <- wold_simulate(m, 400, seed = 5, scale = c(1, 10))
  rep <- wold_fit(m, p)
  # The two-stage fit of this sample needs a looser tolerance than 1e-12.
  two <- wold_fit(m, p, hoc = "two-stage", tol = 1e-10)
  expect_true(rep$converged && two$converged)
  expect_false(is.null(rep$json$higher_order))
  expect_false(identical(rep$paths$estimate, two$paths$estimate))
  expect_error(wold_fit(m, p, hoc = "two-stage", boot = 10), "repeated")
  skip_if_not(nzchar(wold_binary()), "no wold binary (WOLD_BINARY)")
  f <- tempfile(fileext = ".csv")
  on.exit(unlink(f))
  write.csv(p, f, row.names = FALSE)
  cli <- cli_json("fit", m, f, "--format", "json", "--hoc", "two-stage",
                  "--tol", "1e-10")
  expect_identical(two$paths$estimate, pluck(cli$paths, "estimate"))
  cli <- cli_json("fit", m, f, "--format", "json", "--boot", "30")
  b <- wold_fit(m, p, boot = 30)
  expect_identical(b$paths$boot_se,
                   pluck(Filter(function(s) s$kind == "path",
                                cli$bootstrap$statistics), "se"))
})

test_that("print and summary run", {
  skip_if_not(file.exists(sat_csv), "no ../shared/datasets/satisfaction.csv")
  f <- wold_fit(sat_model, read.csv(sat_csv), boot = 20)
  expect_output(print(f), "Path coefficients")
  s <- summary(f)
  expect_s3_class(s, "summary.wold_fit")
  expect_output(print(s), "\\*\\*\\*")
  expect_output(print(s), "Reliability")
  expect_output(print(s), "R\\^2")
  expect_output(print(summary(wold_fit(sat_model, read.csv(sat_csv)))),
                "OLS")
})
