# The vignette's code, run as it is written, so that it cannot rot: once
# on the real mobi data (when ../shared has it) and once on the simulated
# panel it falls back to.
run_vignette <- function(shared_env) {
  rnw <- repo("bindings", "r", "vignettes", "ecsi.Rnw")
  skip_if_not(file.exists(rnw), "no bindings/r/vignettes/ecsi.Rnw")
  dir <- tempfile("vignette")
  dir.create(dir)
  old <- setwd(dir)
  on.exit({
    setwd(old)
    unlink(dir, recursive = TRUE)
  })
  withr_env <- Sys.getenv("WOLD_SHARED_DIR", unset = NA)
  Sys.setenv(WOLD_SHARED_DIR = shared_env)
  on.exit(if (is.na(withr_env)) Sys.unsetenv("WOLD_SHARED_DIR") else
    Sys.setenv(WOLD_SHARED_DIR = withr_env), add = TRUE)
  utils::Stangle(rnw, output = "ecsi.R", quiet = TRUE)
  env <- new.env()
  utils::capture.output(source("ecsi.R", local = env))
  env
}

test_that("the vignette reproduces the published ECSI paths on mobi", {
  skip_if_not(file.exists(shared("datasets", "mobi.csv")),
              "no ../shared/datasets/mobi.csv")
  env <- run_vignette(normalizePath(shared_dir()))
  expect_identical(env$source_of_data, "mobi.csv")
  expect_equal(nrow(env$cmp), 12)
  expect_lt(max(abs(env$cmp$difference)), 1e-10)
  expect_s3_class(env$ipma, "wold_ipma")
})

test_that("the vignette runs on its simulated panel without ../shared", {
  env <- run_vignette(file.path(tempdir(), "no-such-shared"))
  # The fallback paths ../shared and ../../../../shared are relative to the
  # temporary directory, where they do not exist.
  expect_identical(env$source_of_data, "a simulated panel")
  expect_equal(nrow(env$mobi), 250)
  expect_equal(nrow(env$cmp), 12)
  expect_true(env$fit$converged)
})
