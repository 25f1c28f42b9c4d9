package dev.cpotoolkit.settings;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record composed of settings records (each component a record whose
 * components carry {@link Setting}). At compile time the toolkit's settings
 * processor writes, beside it, {@code <Name>BuilderBase} (a fluent builder with
 * one typed setter per setting, defaults from the declarations) and
 * {@code <Name>View} (an interface of flat accessors, {@code config.beta()},
 * that the record implements).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface SettingsRoot {}
