// The consumer build ran its tests on the module path, all of them, and none failed.
def log = new File(basedir, 'build.log').text
def summary = (log =~ /(?m)^\[INFO\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)$/).findAll()
assert summary : 'no test summary in build.log'
def (line, run, failures, errors, skipped) = summary.last()
assert run as int == 6 : "expected 6 tests, the log says: ${line}"
assert failures as int == 0 && errors as int == 0 && skipped as int == 0 : line
