// The build failed, and for the right reason: the internal packages are not visible to a user's module.
def log = new File(basedir, 'build.log').text
assert log.contains('package dev.eventstore.internal is not visible') : 'core internal package was visible'
assert log.contains('package dev.eventstore.jdbc.internal is not visible') : 'jdbc internal package was visible'
assert log.contains('COMPILATION ERROR') : 'the build failed, but not in the compiler'
