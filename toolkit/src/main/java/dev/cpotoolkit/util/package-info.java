/** Small helpers shared by several features. */
package dev.cpotoolkit.util;
