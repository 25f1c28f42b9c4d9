/**
 * Settings declared once: the {@link dev.cpotoolkit.settings.Setting}
 * annotation on a record component, and the schema that files, flags, help
 * and the generated builders derive from it. Depends on nothing of the toolkit
 * but {@code util}.
 */
package dev.cpotoolkit.settings;
