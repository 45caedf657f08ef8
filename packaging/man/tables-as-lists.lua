-- pandoc filter for the man pages: each table row becomes a definition-list item (the first cell the
-- term, every other cell a paragraph led by its column's header). Wide tbl tables do not fit a
-- terminal's 80 columns and make groff warn (lintian: groff-message).
local function text(cell)
  return pandoc.utils.stringify(cell.contents)
end

function Table(tbl)
  local heads = {}
  for _, row in ipairs(tbl.head.rows) do
    for i, cell in ipairs(row.cells) do heads[i] = text(cell) end
  end
  local items = {}
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      local term = pandoc.utils.blocks_to_inlines(row.cells[1].contents)
      local defs = {}
      for i = 2, #row.cells do
        local inl = pandoc.utils.blocks_to_inlines(row.cells[i].contents)
        if heads[i] and heads[i] ~= '' then
          table.insert(inl, 1, pandoc.Space())
          table.insert(inl, 1, pandoc.Emph({ pandoc.Str(heads[i] .. ':') }))
        end
        table.insert(defs, pandoc.Para(inl))
      end
      table.insert(items, { term, { defs } })
    end
  end
  return pandoc.DefinitionList(items)
end
