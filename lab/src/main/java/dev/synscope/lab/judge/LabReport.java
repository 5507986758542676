package dev.synscope.lab.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table the lab prints at the end: scenario, expected diagnosis, what SynScope said, kernel
 * agreement, verdict. Add one row per scenario, then {@link #render()}.
 */
public final class LabReport {

    /** One scenario's verdict and the kernel's judgement of each of its snapshots. */
    public record Row(ScenarioVerdict verdict, List<AgreementReport> agreements) {
        public Row {
            agreements = List.copyOf(agreements);
        }

        /** Every snapshot's judged agreement reaches {@link Agreement#TARGET}. */
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
        cells.add(new String[] {"#", "scenario", "expected", "SynScope said", "kernel agreement", "verdict"});
        for (Row row : rows) {
            ScenarioVerdict v = row.verdict();
            boolean agreementOk = row.agreements().stream().allMatch(a -> a.meets(Agreement.TARGET));
            cells.add(new String[] {
                Integer.toString(v.scenario().number()), v.scenario().title(), v.expectedText(), v.saidText(),
                agreementText(row.agreements()), v.passed() && agreementOk ? "PASS" : "FAIL"});
        }
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
        rows.stream().flatMap(r -> r.agreements().stream())
                .filter(a -> !a.disagreements().isEmpty() || !a.notOnTheWire().isEmpty())
                .forEach(a -> out.append(a.format()));
        return out.toString();
    }

    private static String agreementText(List<AgreementReport> agreements) {
        if (agreements.isEmpty()) {
            return "-";
        }
        int agreeing = agreements.stream().mapToInt(AgreementReport::judgedAgreeing).sum();
        int total = agreements.stream().mapToInt(AgreementReport::judgedTotal).sum();
        Optional<String> worst = agreements.stream().filter(a -> !a.meets(Agreement.TARGET))
                .map(a -> a.vantage().name()).reduce((a, b) -> a + "," + b);
        int unseen = agreements.stream().mapToInt(a -> a.notOnTheWire().size()).sum();
        return String.format("%d/%d%s%s", agreeing, total, worst.map(w -> " (low at " + w + ")").orElse(""),
                unseen == 0 ? "" : " +" + unseen + " not on the wire");
    }
}
