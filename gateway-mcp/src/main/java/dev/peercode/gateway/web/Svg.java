package dev.peercode.gateway.web;

/** What every server-drawn picture shares: the accessible opening of the SVG, and text that is never markup. */
final class Svg {

    private Svg() {
    }

    /**
     * Starts a picture: {@code role="img"}, labelled by its {@code <title>} and described by its {@code <desc>}
     * (ids {@code titleId} and {@code titleId-desc}), sized in pixels with a matching viewBox.
     */
    static StringBuilder open(int capacity, String cssClass, int width, int height, String titleId, String title,
            String description) {
        return new StringBuilder(capacity)
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"picture ").append(cssClass)
                .append("\" role=\"img\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append('"')
                .append(" aria-labelledby=\"").append(titleId).append(' ').append(titleId).append("-desc\">")
                .append("<title id=\"").append(titleId).append("\">").append(escape(title)).append("</title>")
                .append("<desc id=\"").append(titleId).append("-desc\">").append(escape(description))
                .append("</desc>");
    }

    /** Text for an SVG/HTML text node or attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
