package lab.backpressure.labtests.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import lab.backpressure.labtests.support.LabService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The provisioned Grafana dashboard read the way Grafana reads it: panels, their queries, their data sources. */
public final class Dashboard {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JsonNode root;

    private Dashboard(JsonNode root) {
        this.root = root;
    }

    static Path grafanaDirectory() {
        return LabService.repositoryRoot().resolve("grafana");
    }

    public static Dashboard backpressureLab() {
        try {
            return new Dashboard(JSON.readTree(
                    Files.readString(grafanaDirectory().resolve("dashboards/backpressure-lab.json"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** uid to type of every data source grafana/provisioning/datasources/datasources.yml provisions. */
    static Map<String, String> provisionedDataSourceTypesByUid() {
        return provisionedDataSources().stream().collect(Collectors.toMap(
                source -> source.path("uid").asString(), source -> source.path("type").asString()));
    }

    /** Each provisioned data source as written in datasources.yml. */
    static List<JsonNode> provisionedDataSources() {
        JsonNode provisioned = YamlFile.read(grafanaDirectory().resolve("provisioning/datasources/datasources.yml"));
        return List.copyOf(provisioned.path("datasources").values());
    }

    /**
     * @param row      the row it shows under, as {@link #placedPanels()} places its panel
     * @param exemplar whether Grafana also asks for this query's exemplars, to draw them as dots
     */
    record Query(String row, String panel, String refId, String expr, boolean exemplar) {
        @Override
        public String toString() {
            return "[" + panel + " " + refId + "] " + expr;
        }
    }

    record DataSourceRef(String type, String uid) {
    }

    /**
     * A row as a reader finds it on opening the dashboard.
     *
     * @param nested    the panels it holds folded away (a collapsed row's)
     * @param following the panels laid out under it, up to the next row (an open row's)
     */
    public record Row(String title, boolean collapsed, int nested, int following) {
    }

    /** The rows, in dashboard order. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        JsonNode row = null;
        int following = 0;
        for (JsonNode panel : root.path("panels")) {
            if ("row".equals(panel.path("type").asString())) {
                if (row != null) {
                    rows.add(row(row, following));
                }
                row = panel;
                following = 0;
            } else {
                following++;
            }
        }
        if (row != null) {
            rows.add(row(row, following));
        }
        return rows;
    }

    private static Row row(JsonNode row, int following) {
        return new Row(row.path("title").asString(), row.path("collapsed").asBoolean(false),
                row.path("panels").size(), following);
    }

    /** A panel as a reader finds it: under its row, with the metrics its queries select. */
    public record PlacedPanel(String row, String title, Set<String> metrics) {
    }

    String title() {
        return root.path("title").asString();
    }

    String uid() {
        return root.path("uid").asString();
    }

    JsonNode json() {
        return root;
    }

    /** Every panel that is not a row, rows' nested panels included. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        collectPanels(root.path("panels"), panels);
        return panels;
    }

    /**
     * Every panel that is not a row, in dashboard order, under the row it shows in: the row that holds it
     * (collapsed) or the last row above it.
     */
    public List<PlacedPanel> placedPanels() {
        List<PlacedPanel> placed = new ArrayList<>();
        forEachPlaced((row, panel) -> placed.add(placedPanel(row, panel)));
        return placed;
    }

    /** Each panel that is not a row, in dashboard order, with the title of the row it shows under. */
    private void forEachPlaced(BiConsumer<String, JsonNode> action) {
        String row = "";
        for (JsonNode panel : root.path("panels")) {
            if ("row".equals(panel.path("type").asString())) {
                row = panel.path("title").asString();
                for (JsonNode nested : panel.path("panels")) {
                    action.accept(row, nested);
                }
            } else {
                action.accept(row, panel);
            }
        }
    }

    private static PlacedPanel placedPanel(String row, JsonNode panel) {
        Set<String> metrics = new LinkedHashSet<>();
        for (JsonNode target : panel.path("targets")) {
            metrics.addAll(PromQl.metricNames(target.path("expr").asString("")));
        }
        return new PlacedPanel(row, panel.path("title").asString(), metrics);
    }

    /** Every target's PromQL, in panel order. */
    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        forEachPlaced((row, panel) -> {
            for (JsonNode target : panel.path("targets")) {
                if (target.has("expr")) {
                    queries.add(new Query(row, panel.path("title").asString(), target.path("refId").asString(),
                            target.path("expr").asString(), target.path("exemplar").asBoolean(false)));
                }
            }
        });
        return queries;
    }

    /**
     * Every data source the dashboard refers to: each {@code datasource} object anywhere in it,
     * and those named inside Explore links' {@code panes} parameter.
     */
    Set<DataSourceRef> dataSourceRefs() {
        Set<DataSourceRef> refs = new LinkedHashSet<>();
        collectDataSources(root, refs);
        return refs;
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            if (!"row".equals(panel.path("type").asString())) {
                into.add(panel);
            }
            collectPanels(panel.path("panels"), into);
        }
    }

    private static void collectDataSources(JsonNode node, Set<DataSourceRef> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = field.getValue();
                if ("datasource".equals(field.getKey())) {
                    into.add(value.isObject()
                            ? new DataSourceRef(value.path("type").asString(null), value.path("uid").asString(null))
                            : new DataSourceRef(null, value.asString()));
                } else if ("url".equals(field.getKey()) && value.asString().contains("/explore?")) {
                    collectDataSources(explorePanes(value.asString()), into);
                } else {
                    collectDataSources(value, into);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collectDataSources(element, into);
            }
        }
    }

    private static JsonNode explorePanes(String url) {
        String query = URI.create(url.replace("${__from}", "0").replace("${__to}", "0")).getRawQuery();
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("panes=")) {
                return JSON.readTree(URLDecoder.decode(parameter.substring("panes=".length()), StandardCharsets.UTF_8));
            }
        }
        throw new IllegalStateException("Explore link without panes: " + url);
    }
}
