//! HTML tables: one block per row, a first row of `th` cells the header of the rows below.

use super::super::super::blocks::{Block, BlockKind};
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
            let texts: Vec<String> = cells
                .iter()
                .map(|&c| collapse(&self.inline_of(c).text))
                .collect();
            let all_th = cells.iter().all(|&c| self.nodes[c].tag() == "th");
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
