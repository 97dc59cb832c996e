-- Which picture the account shows, as a source rather than a URL (providers change their pictures'
-- URLs): null = automatic (the first picture seen, while a linked method still has it), 'none' = the
-- initials, or a provider id = that provider's picture, followed when it changes at sign-in.
-- accounts.avatar_url keeps the picture this resolves to, for every reader of the account.
alter table accounts
    add column avatar_source text
        constraint accounts_avatar_source check (avatar_source in ('none', 'vk', 'google', 'yandex', 'telegram'));
