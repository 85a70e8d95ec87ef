"""Field pickers: headline, timestamp, captions and byline from the labelled blocks."""
