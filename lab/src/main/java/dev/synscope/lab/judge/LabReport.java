package dev.synscope.lab.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table the lab prints at the end: scenario, expected diagnosis, what SynScope said, kernel
 * agreement (two-sided, issue 13), verdict; then the two-sided table ({@link #twoSidedTable()}) and
 * every disagreement. Add one row per scenario, then {@link #render()}.
 */
public final class LabReport {

    /** One scenario's verdict and the kernel's judgement of each of its snapshots. */
    public record Row(ScenarioVerdict verdict, List<AgreementReport> agreements) {
        public Row {
            agreements = List.copyOf(agreements);
        }

        /** Every snapshot's two-sided agreement reaches {@link Agreement#TARGET}. */
        public boolean agreementMet() {
            return agreements.stream().allMatch(a -> a.meets(Agreement.TARGET));
        }

        public boolean passed() {
            return verdict.passed() && agreementMet();
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public LabReport add(ScenarioVerdict verdict, List<AgreementReport> agreements) {
        rows.add(new Row(verdict, agreements));
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public boolean allPassed() {
        return rows.stream().allMatch(Row::passed);
    }

    public String render() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"#", "scenario", "expected", "SynScope said", "kernel agreement (two-sided)", "verdict"});
        for (Row row : rows) {
            ScenarioVerdict v = row.verdict();
            cells.add(new String[] {
                Integer.toString(v.scenario().number()), v.scenario().title(), v.expectedText(), v.saidText(),
                agreementText(row.agreements()), row.passed() ? "PASS" : "FAIL"});
        }
        StringBuilder out = new StringBuilder(table(cells));
        out.append(System.lineSeparator()).append(twoSidedTable());
        rows.stream().flatMap(r -> r.agreements().stream())
                .filter(a -> !a.disagreements().isEmpty() || !a.notOnTheWire().isEmpty())
                .forEach(a -> out.append(a.format()));
        return out.toString();
    }

    /**
     * Issue 13's table: per scenario, summed over its snapshots, kernel sockets SynScope agrees on
     * (kernel vs ours), SynScope's claims about the namespaces' endpoints the kernel bears out (ours
     * vs kernel, absence = CLOSED), and the two-sided agreement over both lists.
     */
    public String twoSidedTable() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"#", "scenario", "kernel vs ours", "ours vs kernel", "two-sided", "agreement", ">= 99 %"});
        AgreementReport.Counts allKernel = AgreementReport.Counts.NONE;
        AgreementReport.Counts allOurs = AgreementReport.Counts.NONE;
        AgreementReport.Counts allBoth = AgreementReport.Counts.NONE;
        for (Row row : rows) {
            AgreementReport.Counts kernel = sum(row.agreements(), AgreementReport::kernel);
            AgreementReport.Counts ours = sum(row.agreements(), AgreementReport::ours);
            AgreementReport.Counts both = sum(row.agreements(), AgreementReport::twoSided);
            allKernel = allKernel.plus(kernel);
            allOurs = allOurs.plus(ours);
            allBoth = allBoth.plus(both);
            cells.add(new String[] {Integer.toString(row.verdict().scenario().number()), row.verdict().scenario().scriptName(),
                kernel.toString(), ours.toString(), both.toString(), percent(both),
                row.agreements().isEmpty() ? "-" : row.agreementMet() ? "yes" : "NO"});
        }
        cells.add(new String[] {"", "all", allKernel.toString(), allOurs.toString(), allBoth.toString(), percent(allBoth),
            ""});
        return table(cells);
    }

    private static AgreementReport.Counts sum(List<AgreementReport> reports,
                                              java.util.function.Function<AgreementReport, AgreementReport.Counts> f) {
        return reports.stream().map(f).reduce(AgreementReport.Counts.NONE, AgreementReport.Counts::plus);
    }

    private static String percent(AgreementReport.Counts c) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * c.ratio());
    }

    private static String table(List<String[]> cells) {
        int[] widths = new int[cells.get(0).length];
        cells.forEach(c -> {
            for (int i = 0; i < c.length; i++) {
                widths[i] = Math.max(widths[i], c[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            String[] c = cells.get(r);
            for (int i = 0; i < c.length; i++) {
                out.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", c[i]));
            }
            out.append(System.lineSeparator());
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
                }
                out.append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static String agreementText(List<AgreementReport> agreements) {
        if (agreements.isEmpty()) {
            return "-";
        }
        AgreementReport.Counts both = sum(agreements, AgreementReport::twoSided);
        Optional<String> worst = agreements.stream().filter(a -> !a.meets(Agreement.TARGET))
                .map(a -> a.vantage().name()).reduce((a, b) -> a + "," + b);
        int unseen = agreements.stream().mapToInt(a -> a.notOnTheWire().size()).sum();
        return String.format("%s%s%s", both, worst.map(w -> " (low at " + w + ")").orElse(""),
                unseen == 0 ? "" : " +" + unseen + " not on the wire");
    }
}
