package dev.synscope.schema.serde;

import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro (since 1.11.4) only instantiates classes named by a schema when they are trusted. Ours are
 * the generated records and enums of package {@code dev.synscope.schema}; nothing else is added,
 * so a hostile schema still cannot make Avro load an arbitrary class.
 */
public final class TrustedSchemaClasses {

    private static final String PACKAGE = "dev.synscope.schema";
    private static boolean installed;

    private TrustedSchemaClasses() {
    }

    /** Idempotent; called by every generated record class and every serde. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate ours = type -> PACKAGE.equals(type.getPackageName())
                && (SpecificRecord.class.isAssignableFrom(type)
                    || (type.isEnum() && GenericEnumSymbol.class.isAssignableFrom(type)));
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
        installed = true;
    }
}
