//! HTML tables: one block per row, a first row of `th` cells the header of the rows below. A
//! first row of `td` cells is the header too when every cell is bold (a header styled by hand)
//! or one of them names the question column (`Question`).

use super::super::super::blocks::{Block, BlockKind};
use super::super::bank::is_question_field;
use super::{collapse, Walker};

impl Walker<'_> {
    pub(super) fn table(&mut self, id: usize) {
        let mut rows = Vec::new();
        self.collect_rows(id, &mut rows);
        let mut header: Vec<String> = Vec::new();
        for (k, row) in rows.into_iter().enumerate() {
            let cells: Vec<usize> = self.nodes[row]
                .children
                .iter()
                .copied()
                .filter(|&c| matches!(self.nodes[c].tag(), "td" | "th"))
                .collect();
            let inlines: Vec<_> = cells.iter().map(|&c| self.inline_of(c)).collect();
            let texts: Vec<String> = inlines.iter().map(|i| collapse(&i.text)).collect();
            let all_th = cells.iter().all(|&c| self.nodes[c].tag() == "th")
                || k == 0
                    && texts.len() >= 2
                    && (inlines.iter().all(|i| i.tally.all_strong())
                        || texts.iter().any(|t| t.len() <= 30 && is_question_field(t)));
            let (line, end) = self.span(row);
            let md = format!("| {} |", texts.join(" | "));
            if k == 0 && all_th {
                header = texts.clone();
                let mut b = Block::new(
                    BlockKind::TableRow {
                        header: Vec::new(),
                        cells: texts.clone(),
                    },
                    texts.join(" | "),
                    line,
                    end,
                );
                b.markdown = format!("{md}\n|{}", "---|".repeat(texts.len().max(1)));
                b.details_depth = self.details;
                b.item_depth = self.item_depth;
                self.out.push(b);
                continue;
            }
            let mut b = Block::new(
                BlockKind::TableRow {
                    header: header.clone(),
                    cells: texts.clone(),
                },
                texts.join(" | "),
                line,
                end,
            );
            b.markdown = md;
            b.details_depth = self.details;
            b.item_depth = self.item_depth;
            self.out.push(b);
        }
    }

    fn collect_rows(&self, id: usize, rows: &mut Vec<usize>) {
        for &c in &self.nodes[id].children {
            match self.nodes[c].tag() {
                "tr" => rows.push(c),
                "thead" | "tbody" | "tfoot" => self.collect_rows(c, rows),
                _ => {}
            }
        }
    }
}
