sat_model <- repo("models", "satisfaction.wold")
sat_csv <- shared("datasets", "satisfaction.csv")

test_that("wold_ipma equals the command's", {
  skip_if_not(file.exists(sat_csv), "no ../shared/datasets/satisfaction.csv")
  d <- read.csv(sat_csv)
  ip <- wold_ipma(sat_model, d, target = "LOY")
  expect_s3_class(ip, "wold_ipma")
  expect_identical(ip$target, "LOY")
  expect_true(all(c("SAT", "IMAG") %in% ip$constructs$name))
  expect_output(print(ip), "importance")
  expect_output(print(summary(ip)), "Indicators")
  expect_error(wold_ipma(sat_model, d, target = "NOPE"), "NOPE")
  skip_if_not(nzchar(wold_binary()), "no wold binary (WOLD_BINARY)")
  cli <- cli_json("ipma", sat_model, sat_csv, "--target", "LOY", "--format",
                  "json")
  expect_identical(ip$constructs$importance, pluck(cli$constructs, "importance"))
  expect_identical(ip$indicators$performance,
                   pluck(cli$indicators, "performance"))
  b <- wold_ipma(sat_model, d, target = "LOY", boot = 40, seed = 3)
  cli <- cli_json("ipma", sat_model, sat_csv, "--target", "LOY", "--format",
                  "json", "--boot", "40", "--seed", "3")
  expect_identical(b$constructs$boot_se,
                   vapply(cli$constructs, function(r) r$bootstrap$se, 0))
  expect_identical(b$indicators$ci_high,
                   vapply(cli$indicators, function(r) r$bootstrap$upper, 0))
})

test_that("wold_index: the fit's indices, and by group through the library", {
  skip_if_not(file.exists(sat_csv), "no ../shared/datasets/satisfaction.csv")
  d <- read.csv(sat_csv)
  ix <- wold_index(sat_model, d)
  expect_equal(ix$indices$construct, c("IMAG", "EXPE", "QUAL", "VAL", "SAT",
                                       "LOY"))
  expect_output(print(ix), "0-100")
  d$company <- ifelse(seq_len(nrow(d)) %% 2 == 0, "even", "odd")
  g <- wold_index(sat_model, d, group = "company")
  expect_s3_class(g, "wold_index")
  expect_equal(sort(g$companies$name), c("even", "odd"))
  expect_true(all(g$indices$index > 0 & g$indices$index < 100))
  expect_output(print(g), "2 companies")
  expect_output(print(summary(g)), "companies")
  # Each company's index is the fit of its rows alone.
  odd <- wold_index(sat_model, d[d$company == "odd", ])
  got <- g$indices[g$indices$unit == "odd", ]
  expect_equal(got$index, odd$indices$value[match(got$construct,
                                                  odd$indices$construct)],
               tolerance = 1e-12)
  expect_error(wold_index(sat_model, d, group = "nosuch"), "nosuch")
  skip_if_not(nzchar(wold_binary()), "no wold binary (WOLD_BINARY)")
  f <- tempfile(fileext = ".csv")
  on.exit(unlink(f))
  write.csv(d, f, row.names = FALSE)
  cli <- cli_json("index", sat_model, f, "--group", "company", "--format",
                  "json")
  expect_identical(g$json$nation, cli$nation)
})

test_that("wold_simulate gives a panel the model fits", {
  m <- repo("models", "ecsi.wold")
  skip_if_not(file.exists(m), "no models/ecsi.wold")
  p <- wold_simulate(m, 300, seed = 3, scale = c(1, 10))
  expect_equal(nrow(p), 300)
  expect_identical(p, wold_simulate(m, 300, seed = 3, scale = c(1, 10)))
  expect_true(all(p >= 1 & p <= 10))
  expect_true(is.double(wold_simulate(m, 5)[[1]]))
  f <- wold_fit(m, p)
  expect_true(f$converged)
  expect_error(wold_simulate(m, 0), "n")
})
