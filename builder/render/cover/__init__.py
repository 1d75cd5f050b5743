"""The full-wrap print cover: back, spine and front on one sheet, sized from the interior."""
