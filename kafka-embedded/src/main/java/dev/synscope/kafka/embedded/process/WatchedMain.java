package dev.synscope.kafka.embedded.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every {@link ChildJvm}: {@code WatchedMain <main class> [args...]} runs that main
 * class's {@code main(args)}, plus a watchdog on standard input.
 *
 * <p>Why the watchdog: the parent (a test JVM, the demo) holds the write end of the child's stdin.
 * If the parent dies without ending its children — SIGKILL, a crashed fork — the pipe reaches
 * end-of-file and the child halts at once instead of living on as an orphan that keeps its ports
 * and data directory. A live parent never writes to the pipe.
 */
public final class WatchedMain {

    /** Exit status when the parent went away; distinct from the usual 0, 1 and 128+signal. */
    public static final int PARENT_GONE_STATUS = 3;

    private WatchedMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: WatchedMain <main class> [args...]");
            System.exit(2);
        }
        Thread watchdog = new Thread(WatchedMain::haltWhenParentGoes, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void haltWhenParentGoes() {
        InputStream in = System.in;
        try {
            while (in.read() != -1) {
                // nothing is ever sent; bytes, if any, are ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end-of-file: the parent is gone
        }
        System.err.println("synscope child JVM: parent process gone, halting");
        Runtime.getRuntime().halt(PARENT_GONE_STATUS);
    }
}
