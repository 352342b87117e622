package lab.backpressure.lab.measure;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Recursive descent over the small grammar {@link Expression} documents; refuses with the column at fault. */
final class ExpressionParser {

    private final String text;
    private int at;

    ExpressionParser(String text) {
        this.text = text;
    }

    Expression parse() {
        Expression expression = sum();
        skipSpaces();
        if (at < text.length()) {
            throw refusal("unexpected \"" + text.substring(at) + "\"");
        }
        return expression;
    }

    private Expression sum() {
        Expression left = product();
        while (peek('+') || peek('-')) {
            char operator = text.charAt(at++);
            left = new Expression.Arithmetic(operator, left, product());
        }
        return left;
    }

    private Expression product() {
        Expression left = factor();
        while (peek('*') || peek('/')) {
            char operator = text.charAt(at++);
            left = new Expression.Arithmetic(operator, left, factor());
        }
        return left;
    }

    private Expression factor() {
        skipSpaces();
        if (peek('(')) {
            at++;
            Expression inner = sum();
            expect(')');
            return inner;
        }
        if (peek('-')) {
            at++;
            return new Expression.Arithmetic('-', new Expression.Number(0), factor());
        }
        if (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            try {
                return new Expression.Number(Double.parseDouble(text.substring(start, at)));
            } catch (NumberFormatException e) {
                throw refusal("\"" + text.substring(start, at) + "\" is not a number");
            }
        }
        String name = word();
        Expression.Function function = function(name);
        expect('(');
        Expression.Field field = field(word());
        expect(')');
        return new Expression.OverWindow(function, field);
    }

    private Expression.Function function(String name) {
        try {
            return Expression.Function.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw refusal("\"" + name + "\" is not a function; use one of "
                    + Arrays.stream(Expression.Function.values())
                    .map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private Expression.Field field(String dotted) {
        List<String> parts = List.of(dotted.split("\\."));
        if (parts.size() < 2 || !(parts.getFirst().equals("producer") || parts.getFirst().equals("consumer"))) {
            throw refusal("\"" + dotted + "\" is not a status field; write producer.<path> or consumer.<path>,"
                    + " e.g. producer.queue.size");
        }
        return new Expression.Field(parts.getFirst(), parts.subList(1, parts.size()));
    }

    private String word() {
        skipSpaces();
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_'
                || text.charAt(at) == '.')) {
            at++;
        }
        if (start == at) {
            throw refusal(at < text.length() ? "unexpected \"" + text.charAt(at) + "\"" : "the expression ends early");
        }
        return text.substring(start, at);
    }

    private void expect(char wanted) {
        if (!peek(wanted)) {
            throw refusal("expected \"" + wanted + "\"");
        }
        at++;
    }

    private boolean peek(char wanted) {
        skipSpaces();
        return at < text.length() && text.charAt(at) == wanted;
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private MeasureException refusal(String problem) {
        return new MeasureException(problem + " at column " + (at + 1) + " of \"" + text + "\"");
    }
}
