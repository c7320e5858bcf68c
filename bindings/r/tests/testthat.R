library(testthat)
library(wold)
test_check("wold")
