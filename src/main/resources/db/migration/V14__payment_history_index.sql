-- The history lists a person's payments newest first, a page at a time, with how many there are. This
-- index holds exactly the listed ones (a payment still being created is not), in the page's order with
-- its tie-break, so a page is read without sorting and counted from the index.
create index payments_history on payments (user_id, created_at desc, id) where status <> 'new';
