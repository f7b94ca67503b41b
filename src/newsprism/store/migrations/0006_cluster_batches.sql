-- Stories: the clustering batch each placement came in. Articles of one batch see each other
-- (the density correction), so recluster replays the same batches to give the same stories.

ALTER TABLE story_articles ADD COLUMN batch INTEGER;
