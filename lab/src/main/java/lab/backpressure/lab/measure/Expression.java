package lab.backpressure.lab.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

import tools.jackson.databind.JsonNode;

/**
 * A figure computed from the {@code /status} readings of a watch, written like a small PromQL over the status
 * fields: {@code rate(producer.totals.rejected)}, {@code max(producer.queue.size)},
 * {@code delta(producer.totals.sent) / delta(producer.totals.produced)}.
 *
 * <p>A field is {@code producer.} or {@code consumer.} followed by its path in that service's {@code /status}.
 * Over the readings of the window: {@code last} and {@code first} (numbers or texts, such as the mode),
 * {@code max}, {@code min}, {@code mean}, {@code delta} (last minus first) and {@code rate} (delta per second).
 * Numbers and {@code + - * /} with parentheses combine them. A flag counts as 1 when true and 0 when false, so
 * {@code mean(producer.queue.blocked)} is the share of readings in which the generator was blocked.
 */
public sealed interface Expression {

    /** The figure over {@code window}: a {@code Double}, or a {@code String} for {@code last}/{@code first} of a text. */
    Object evaluate(List<Sample> window);

    /** The status fields this expression reads, to check against a real reading before a run begins. */
    List<Field> fields();

    static Expression parse(String text) {
        return new ExpressionParser(text).parse();
    }

    record Number(double value) implements Expression {
        @Override
        public Object evaluate(List<Sample> window) {
            return value;
        }

        @Override
        public List<Field> fields() {
            return List.of();
        }

        @Override
        public String toString() {
            return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    record Arithmetic(char operator, Expression left, Expression right) implements Expression {
        @Override
        public Object evaluate(List<Sample> window) {
            DoubleBinaryOperator operation = switch (operator) {
                case '+' -> Double::sum;
                case '-' -> (a, b) -> a - b;
                case '*' -> (a, b) -> a * b;
                case '/' -> (a, b) -> a / b;
                default -> throw new IllegalStateException("operator " + operator);
            };
            return operation.applyAsDouble(number(left.evaluate(window)), number(right.evaluate(window)));
        }

        @Override
        public List<Field> fields() {
            List<Field> fields = new ArrayList<>(left.fields());
            fields.addAll(right.fields());
            return fields;
        }

        /** As written, an operand that is itself arithmetic in parentheses: a check line shows what the file says. */
        @Override
        public String toString() {
            return operand(left) + " " + operator + " " + operand(right);
        }

        private static String operand(Expression operand) {
            return operand instanceof Arithmetic ? "(" + operand + ")" : operand.toString();
        }

        private static double number(Object value) {
            if (value instanceof Double number) {
                return number;
            }
            throw new MeasureException("cannot compute with the text \"" + value + "\"");
        }
    }

    record OverWindow(Function function, Field field) implements Expression {
        @Override
        public Object evaluate(List<Sample> window) {
            if (window.isEmpty()) {
                throw new MeasureException("no reading to measure " + this);
            }
            return function.apply(window, field);
        }

        @Override
        public List<Field> fields() {
            return List.of(field);
        }

        @Override
        public String toString() {
            return function.name().toLowerCase(java.util.Locale.ROOT) + "(" + field + ")";
        }
    }

    /** A status field: its service and its path below that service's {@code /status}. */
    record Field(String service, List<String> path) {

        JsonNode in(Sample sample) {
            JsonNode node = sample.of(service);
            for (String name : path) {
                node = node == null ? null : node.get(name);
            }
            if (node == null || node.isMissingNode()) {
                throw new MeasureException("the " + service + "'s /status has no field " + String.join(".", path));
            }
            return node;
        }

        double number(Sample sample) {
            JsonNode node = in(sample);
            if (node.isNull()) {
                return Double.NaN;
            }
            if (node.isBoolean()) {
                return node.booleanValue() ? 1 : 0;
            }
            if (!node.isNumber()) {
                throw new MeasureException(this + " is " + node + ", not a number");
            }
            return node.doubleValue();
        }

        @Override
        public String toString() {
            return service + "." + String.join(".", path);
        }
    }

    enum Function {
        LAST, FIRST, MAX, MIN, MEAN, DELTA, RATE;

        Object apply(List<Sample> window, Field field) {
            Sample first = window.getFirst();
            Sample last = window.getLast();
            return switch (this) {
                case LAST -> value(field.in(last));
                case FIRST -> value(field.in(first));
                case MAX -> window.stream().mapToDouble(field::number).max().orElseThrow();
                case MIN -> window.stream().mapToDouble(field::number).min().orElseThrow();
                case MEAN -> window.stream().mapToDouble(field::number).average().orElseThrow();
                case DELTA -> field.number(last) - field.number(first);
                case RATE -> {
                    double seconds = last.seconds() - first.seconds();
                    if (seconds <= 0) {
                        throw new MeasureException("rate(" + field + ") needs readings over some time, not one");
                    }
                    yield (field.number(last) - field.number(first)) / seconds;
                }
            };
        }

        private static Object value(JsonNode node) {
            return node.isNumber() ? (Object) node.doubleValue() : node.isNull() ? "null" : node.asString();
        }
    }
}
