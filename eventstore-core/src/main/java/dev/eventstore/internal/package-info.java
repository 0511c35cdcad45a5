/**
 * Not API. Helpers shared by the library's own modules; anything here may change or disappear in
 * any release. The module descriptor exports this package only to the library's own modules.
 */
package dev.eventstore.internal;
