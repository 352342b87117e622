package lab.backpressure.lab.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A service's base URL as an option gives it; {@code localhost:8000} without the scheme is refused, not misread. */
final class HttpUrl implements ITypeConverter<URI> {

    @Override
    public URI convert(String value) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // refused below with an example of what works
        }
        throw new TypeConversionException("'" + value + "' is not an http URL; write it like http://localhost:8000");
    }
}
